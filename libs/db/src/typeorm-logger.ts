import { errorMessage } from './database-errors';
import { type Logger as TypeOrmLoggerInterface } from 'typeorm';

/** The part of a Nest `LoggerService` (or an adapter over pino) that the database code writes to. */
export interface DbLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

const MAX_LOGGED_SQL = 500;

function shortSql(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_LOGGED_SQL ? `${flat.slice(0, MAX_LOGGED_SQL)}…` : flat;
}

function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * TypeORM's logger routed to the service logger: failed and slow queries only, never every query.
 * Parameters are never logged: they carry user data (emails, password hashes, message bodies).
 */
export class TypeOrmLogAdapter implements TypeOrmLoggerInterface {
  constructor(private readonly logger: DbLogger) {}

  logQuery(): void {
    // Every query would drown the log; failures and slow queries are what an operator needs.
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const message = typeof error === 'string' ? error : errorMessage(error);
    const sqlState = sqlStateOf(error);
    const line = `query failed${sqlState ? ` [${sqlState}]` : ''}: ${message} — ${shortSql(query)}`;
    // Constraint violations (class 23) are expected outcomes the caller turns into 409/422, not faults.
    if (sqlState?.startsWith('23')) this.logger.debug?.(line);
    else this.logger.error(line);
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown[]): void {
    this.logger.warn(`slow query (${time} ms): ${shortSql(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug?.(message);
  }

  logMigration(message: string): void {
    // The migration runner reports what ran and what failed itself, once.
    this.logger.debug?.(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.logger.warn(text);
    else this.logger.debug?.(text);
  }
}
