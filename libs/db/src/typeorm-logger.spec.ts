import { TypeOrmLogAdapter } from './typeorm-logger';

function adapter() {
  const line = () => jest.fn<void, [string]>();
  const logger = { log: line(), warn: line(), error: line(), debug: line() };
  return { logger, typeorm: new TypeOrmLogAdapter(logger) };
}

describe('TypeOrmLogAdapter', () => {
  it('logs a failed query with its SQLSTATE and SQL but never its parameters', () => {
    const { logger, typeorm } = adapter();
    typeorm.logQueryError(
      Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }),
      'SELECT *\n  FROM x WHERE secret = $1',
      ['hunter2'],
    );
    expect(logger.error).toHaveBeenCalledWith(
      'query failed [42P01]: relation "x" does not exist — SELECT * FROM x WHERE secret = $1',
    );
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('hunter2');
  });

  it('keeps constraint violations, which callers answer with 409, out of the error log', () => {
    const { logger, typeorm } = adapter();
    typeorm.logQueryError(
      Object.assign(new Error('duplicate key value'), { code: '23505' }),
      'INSERT INTO t VALUES ($1)',
      ['x'],
    );
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.debug).toHaveBeenCalled();
  });

  it('warns about slow queries, shortened, and ignores ordinary ones', () => {
    const { logger, typeorm } = adapter();
    typeorm.logQuery();
    typeorm.logQuerySlow(1500, `SELECT ${'x, '.repeat(400)}1`);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [warning] = logger.warn.mock.calls[0];
    expect(warning).toMatch(/^slow query \(1500 ms\): SELECT x, /);
    expect(warning.length).toBeLessThan(560);
    expect(logger.log).not.toHaveBeenCalled();
  });
});
