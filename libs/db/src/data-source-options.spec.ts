import { serviceDataSourceOptions } from './data-source-options';
import { type DbLogger } from './typeorm-logger';

const settings = {
  url: 'postgres://tracera:secret@db:5432/tracera',
  poolSize: 7,
  connectTimeoutMs: 4000,
  statementTimeoutMs: 30_000,
};
const logger: DbLogger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('serviceDataSourceOptions', () => {
  it('binds a service to its schema, its pool settings and its name', () => {
    const options = serviceDataSourceOptions(
      { service: 'content', schema: 'content', entities: [], migrations: [] },
      settings,
      { logger },
    );
    expect(options).toMatchObject({
      type: 'postgres',
      url: settings.url,
      schema: 'content',
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      synchronize: false,
      migrationsRun: false,
      poolSize: 7,
      connectTimeoutMS: 4000,
      applicationName: 'content',
      maxQueryExecutionTime: 1000,
    });
    expect(options.extra).toMatchObject({
      statement_timeout: 30_000,
      options: '-c search_path=content,public',
    });
  });

  it('leaves the server defaults alone for a service without a schema and for an unlimited statement timeout', () => {
    const options = serviceDataSourceOptions(
      { service: 'gateway', schema: null, entities: [], migrations: [] },
      { ...settings, statementTimeoutMs: 0 },
      { logger, slowQueryMs: 250 },
    );
    expect(options.schema).toBeUndefined();
    expect(options.extra).toMatchObject({ statement_timeout: undefined, options: undefined });
    expect(options.maxQueryExecutionTime).toBe(250);
  });

  it('reports an idle connection failing as a warning', () => {
    const options = serviceDataSourceOptions(
      { service: 'auth', schema: 'auth', entities: [], migrations: [] },
      settings,
      { logger },
    );
    options.poolErrorHandler?.(new Error('terminating connection due to administrator command'));
    expect(logger.warn).toHaveBeenCalledWith(
      'an idle postgres connection failed: terminating connection due to administrator command',
    );
  });
});
