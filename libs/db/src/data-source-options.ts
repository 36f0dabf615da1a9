import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { errorMessage } from './database-errors';
import { MIGRATIONS_TABLE, type ServiceDatabase } from './service-database';
import { type DbLogger, TypeOrmLogAdapter } from './typeorm-logger';

/** Connection settings; `AppConfig.database` has exactly this shape. */
export interface DatabaseSettings {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
  /** 0 turns the server-side limit off (the migrate command: DDL on big tables may run long). */
  statementTimeoutMs: number;
}

export interface DataSourceTuning {
  logger: DbLogger;
  /** Queries slower than this are logged as warnings. */
  slowQueryMs?: number;
}

export const DEFAULT_SLOW_QUERY_MS = 1000;

/**
 * TypeORM options for one service's data source. Both the services and the migrate command build their
 * data sources here, so the migrations table and `search_path` can never differ between the two.
 */
export function serviceDataSourceOptions(
  database: ServiceDatabase,
  settings: DatabaseSettings,
  tuning: DataSourceTuning,
): PostgresConnectionOptions {
  const log = tuning.logger;
  return {
    type: 'postgres',
    url: settings.url,
    // Entities and the migrations table live in the service schema; `null` keeps the server default.
    schema: database.schema ?? undefined,
    entities: [...database.entities],
    migrations: [...database.migrations],
    migrationsTableName: MIGRATIONS_TABLE,
    // One transaction per migration, so a migration may opt out (`transaction = false`) for
    // CREATE INDEX CONCURRENTLY or TimescaleDB continuous aggregates, which refuse to run in one.
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    dropSchema: false,
    // Extensions are the migrate command's job, under its lock, not every replica's at start.
    installExtensions: false,
    poolSize: settings.poolSize,
    connectTimeoutMS: settings.connectTimeoutMs,
    applicationName: database.service,
    extra: {
      statement_timeout: settings.statementTimeoutMs > 0 ? settings.statementTimeoutMs : undefined,
      // Unqualified names in raw SQL and migrations resolve to the service's own schema; `public` keeps
      // extension functions (pg_trgm, timescaledb) reachable.
      options: database.schema ? `-c search_path=${database.schema},public` : undefined,
      // Notices a dead peer (a failed-over or firewalled Postgres) instead of waiting on a silent socket.
      keepAlive: true,
    },
    logger: new TypeOrmLogAdapter(log),
    maxQueryExecutionTime: tuning.slowQueryMs ?? DEFAULT_SLOW_QUERY_MS,
    poolErrorHandler: (error: unknown) =>
      log.warn(`an idle postgres connection failed: ${errorMessage(error)}`),
  };
}
