import { QueryFailedError } from 'typeorm';
import {
  describeDatabaseUrl,
  errorMessage,
  isDatabaseUnavailableError,
  uniqueViolationOf,
} from './database-errors';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailableError', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a server shutting down', withCode('57P01', 'terminating connection due to administrator command')],
    ['a server starting up', withCode('57P03', 'the database system is starting up')],
    ['a connection exception class', withCode('08006')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a data source that never connected', new Error('Driver not Connected')],
    ['a wrapped driver error', new QueryFailedError('SELECT 1', [], withCode('57P01'))],
    ['a cause chain', new Error('outer', { cause: withCode('ECONNRESET') })],
    ['a dual-stack refusal', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], '')],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505', 'duplicate key value'))],
    ['a syntax error', withCode('42601')],
    ['a wrong password', withCode('28P01', 'password authentication failed')],
    ['a missing database', withCode('3D000', 'database "x" does not exist')],
    ['a non-error', 'nope'],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});

describe('uniqueViolationOf', () => {
  it('names the violated constraint through TypeORM and cause wrappers, and nothing for other errors', () => {
    const violation = Object.assign(withCode('23505', 'duplicate key value'), {
      constraint: 'users_email_key',
    });
    expect(uniqueViolationOf(new QueryFailedError('INSERT', [], violation))).toBe('users_email_key');
    expect(uniqueViolationOf(new Error('outer', { cause: withCode('23505') }))).toBe('');
    expect(uniqueViolationOf(new QueryFailedError('INSERT', [], withCode('23503')))).toBeUndefined();
    expect(uniqueViolationOf(withCode('ECONNREFUSED'))).toBeUndefined();
  });
});

describe('describeDatabaseUrl', () => {
  it('keeps user, host, port and database and drops the password', () => {
    expect(describeDatabaseUrl('postgres://tracera:s3cret@db.internal:6432/tracera')).toBe(
      'tracera@db.internal:6432/tracera',
    );
    expect(describeDatabaseUrl('postgresql://db/tracera')).toBe('db:5432/tracera');
    expect(describeDatabaseUrl('not a url')).toBe('(unparseable DATABASE_URL)');
  });
});

describe('errorMessage', () => {
  it('spells out an AggregateError with an empty message', () => {
    expect(
      errorMessage(
        new AggregateError(
          [new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')],
          '',
        ),
      ),
    ).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
  });
});
