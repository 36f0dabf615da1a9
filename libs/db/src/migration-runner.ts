import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from './data-source-options';
import { errorMessage } from './database-errors';
import {
  assertValidServiceDatabases,
  migrationName,
  MIGRATIONS_TABLE,
  type ServiceDatabase,
} from './service-database';
import { timescaleAvailability, type TimescaleAvailability } from './timescale';
import { type DbLogger } from './typeorm-logger';

/** The session advisory lock every migrate run takes: "tracera" in ASCII, read as a bigint. */
export const MIGRATION_LOCK_KEY = '32776859903423073';

const LOCK_KEY_HIGH = Number(BigInt(MIGRATION_LOCK_KEY) >> 32n);
const LOCK_KEY_LOW = Number(BigInt(MIGRATION_LOCK_KEY) & 0xffffffffn);

export interface MigrationRunOptions {
  connectTimeoutMs?: number;
  /** Server-side limit per statement; 0 (the default) means none, as a migration may rewrite a big table. */
  statementTimeoutMs?: number;
}

export interface ServiceMigrationResult {
  service: string;
  schema: string;
  /** Migrations this run applied, in order; empty when the schema was already up to date. */
  applied: string[];
}

export interface MigrationReport {
  /** How long this run waited for another run's lock. */
  lockWaitMs: number;
  timescale: TimescaleAvailability;
  services: ServiceMigrationResult[];
}

/** A migration failed; unless it opted out of its transaction, nothing of it remains. */
export class MigrationFailedError extends Error {
  constructor(
    readonly service: string,
    readonly migration: string | undefined,
    /** Migrations of this service that this run applied before the failure; they stay applied. */
    readonly appliedBefore: string[],
    /** False for a migration declared `transaction = false`: what it did before failing stays. */
    readonly rolledBack: boolean,
    cause: unknown,
  ) {
    super(
      `migration ${migration ?? '(unknown)'} of service ${service} failed ` +
        (rolledBack ? 'and was rolled back' : 'outside a transaction; check what it left behind') +
        `: ${errorMessage(cause)}` +
        (appliedBefore.length > 0 ? ` (applied before it in this run: ${appliedBefore.join(', ')})` : ''),
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

type OwningDatabase = ServiceDatabase & { schema: string };

function ownsSchema(database: ServiceDatabase): database is OwningDatabase {
  return database.schema !== null;
}

/** Takes the migration lock, waiting (and saying so) when another run holds it; returns the wait in ms. */
async function acquireMigrationLock(session: Client, logger: DbLogger): Promise<number> {
  const started = Date.now();
  const attempt = await session.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    [MIGRATION_LOCK_KEY],
  );
  if (attempt.rows[0].locked) return 0;
  const holders = await session.query<{ pid: number; application_name: string }>(
    `SELECT a.pid, a.application_name FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1 AND l.objid::bigint = $2`,
    [LOCK_KEY_HIGH, LOCK_KEY_LOW],
  );
  const who = holders.rows.map((row) => `pid ${row.pid} (${row.application_name || 'unnamed'})`).join(', ');
  logger.log(
    `another migrate run holds the migration lock${who ? ` (${who})` : ''}; waiting for it to finish`,
  );
  await session.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  return Date.now() - started;
}

/** Installs TimescaleDB when the server has it; a database without it works, only slower for analytics. */
async function ensureTimescale(session: Client, logger: DbLogger): Promise<TimescaleAvailability> {
  const availability = await timescaleAvailability(session);
  if (!availability.available) {
    logger.log('TimescaleDB is not available on this server; analytics uses plain tables');
    return availability;
  }
  if (availability.installed) return availability;
  try {
    await session.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    const installed = await timescaleAvailability(session);
    logger.log(`installed TimescaleDB ${installed.version ?? ''}`.trim());
    return installed;
  } catch (error) {
    // Usually missing privilege (or not in shared_preload_libraries): degrade, as the design allows.
    logger.warn(
      `TimescaleDB is available but could not be installed (${errorMessage(error)}); continuing without it. ` +
        'A superuser can run CREATE EXTENSION timescaledb and re-run migrate.',
    );
    return availability;
  }
}

async function appliedMigrationNames(dataSource: DataSource, schema: string): Promise<Set<string>> {
  const table = `${schema}.${MIGRATIONS_TABLE}`;
  const [found] = await dataSource.query<{ exists: boolean }[]>(
    'SELECT to_regclass($1) IS NOT NULL AS exists',
    [table],
  );
  if (!found.exists) return new Set();
  const rows = await dataSource.query<{ name: string }[]>(`SELECT name FROM ${table}`);
  return new Set(rows.map((row) => row.name));
}

/** Migration names in the order TypeORM runs them: by the timestamp ending each name. */
function inRunOrder(database: ServiceDatabase): string[] {
  return database.migrations.map(migrationName).sort((a, b) => Number(a.slice(-13)) - Number(b.slice(-13)));
}

async function migrateService(
  databaseUrl: string,
  database: OwningDatabase,
  logger: DbLogger,
  options: MigrationRunOptions,
): Promise<ServiceMigrationResult> {
  const dataSource = new DataSource(
    serviceDataSourceOptions(
      database,
      {
        url: databaseUrl,
        poolSize: 1,
        connectTimeoutMs: options.connectTimeoutMs ?? 5000,
        statementTimeoutMs: options.statementTimeoutMs ?? 0,
      },
      { logger },
    ),
  );
  await dataSource.initialize();
  try {
    const before = await appliedMigrationNames(dataSource, database.schema);
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return {
        service: database.service,
        schema: database.schema,
        applied: ran.map((migration) => migration.name),
      };
    } catch (error) {
      const after = await appliedMigrationNames(dataSource, database.schema).catch(() => before);
      const order = inRunOrder(database);
      const failed = order.find((name) => !after.has(name));
      const appliedBefore = order.filter((name) => after.has(name) && !before.has(name));
      const failedMigration = database.migrations.find((migration) => migrationName(migration) === failed);
      const rolledBack = failedMigration === undefined || new failedMigration().transaction !== false;
      throw new MigrationFailedError(database.service, failed, appliedBefore, rolledBack, error);
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Brings every service schema up to date, once per deploy. A session advisory lock on a dedicated
 * connection makes concurrent runs queue up, so each migration runs exactly once; the lock is released
 * when this returns or throws (and by Postgres if this process dies). Each migration runs in its own
 * transaction and is recorded in `<schema>.migrations` in that same transaction.
 */
export async function runMigrations(
  databaseUrl: string,
  databases: readonly ServiceDatabase[],
  logger: DbLogger = new Logger('Migrations'),
  options: MigrationRunOptions = {},
): Promise<MigrationReport> {
  assertValidServiceDatabases(databases);
  const lockSession = new Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: 'tracera-migrate',
  });
  // Losing this connection drops the lock; the next query on it fails and stops the run.
  lockSession.on('error', (error) => logger.warn(`the migration lock connection failed: ${error.message}`));
  await lockSession.connect();
  try {
    const lockWaitMs = await acquireMigrationLock(lockSession, logger);
    try {
      const timescale = await ensureTimescale(lockSession, logger);
      const services: ServiceMigrationResult[] = [];
      for (const database of databases.filter(ownsSchema)) {
        await lockSession.query(`CREATE SCHEMA IF NOT EXISTS ${database.schema}`);
        const result = await migrateService(databaseUrl, database, logger, options);
        logger.log(
          result.applied.length > 0
            ? `${result.service}: applied ${result.applied.length} migration(s) to schema ${result.schema}: ${result.applied.join(', ')}`
            : `${result.service}: schema ${result.schema} is up to date`,
        );
        services.push(result);
      }
      return { lockWaitMs, timescale, services };
    } finally {
      await lockSession
        .query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY])
        .catch((error: unknown) =>
          logger.warn(
            `could not release the migration lock (${errorMessage(error)}); it goes with the connection`,
          ),
        );
    }
  } finally {
    await lockSession.end().catch(() => undefined);
  }
}
