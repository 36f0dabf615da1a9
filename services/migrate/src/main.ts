import { type AppConfig, ConfigValidationError, loadConfig } from '@tracera/config';
import {
  DatabaseUnreachableError,
  type DbLogger,
  describeDatabaseUrl,
  errorMessage,
  MigrationFailedError,
  runMigrations,
  waitForDatabase,
} from '@tracera/db';
import { pinoOptions } from '@tracera/observability';
import pino, { type Logger } from 'pino';
import { SERVICE_DATABASES } from './service-databases';

/** In compose Postgres may still be starting when this job runs. */
const DATABASE_WAIT_MS = 30_000;

function createLogger(config: AppConfig): Logger {
  return pino(pinoOptions(config));
}

function dbLoggerOver(logger: Logger): DbLogger {
  return {
    log: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
    debug: (message) => logger.debug(message),
  };
}

/** One-shot job: bring every service schema up to date, then exit 0; exit 1 on any failure. */
async function migrate(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig({ service: 'migrate', defaultPort: 0 }, process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`migrate: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const logger = createLogger(config);
  const { url, connectTimeoutMs } = config.database;
  try {
    const waitedMs = await waitForDatabase(url, {
      timeoutMs: DATABASE_WAIT_MS,
      connectTimeoutMs,
      logger: dbLoggerOver(logger),
      applicationName: 'tracera-migrate',
    });
    const report = await runMigrations(url, SERVICE_DATABASES, dbLoggerOver(logger), { connectTimeoutMs });
    const applied = report.services.reduce((total, service) => total + service.applied.length, 0);
    logger.info(
      {
        database: describeDatabaseUrl(url),
        waitedMs,
        lockWaitMs: report.lockWaitMs,
        timescale: report.timescale,
        services: report.services,
      },
      `migrations complete: ${applied} applied`,
    );
    return 0;
  } catch (error) {
    // Our errors already say what happened; the driver error underneath carries the SQLSTATE, detail and hint.
    const underlying =
      error instanceof DatabaseUnreachableError || error instanceof MigrationFailedError
        ? error.cause
        : error;
    logger.error(
      { database: describeDatabaseUrl(url), err: underlying },
      `migrate failed: ${errorMessage(error)}`,
    );
    return 1;
  }
}

migrate().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; this only guards against a stray handle keeping a finished job alive.
    setTimeout(() => process.exit(code), 5000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `migrate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
