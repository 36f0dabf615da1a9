import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { describeDatabaseUrl, errorMessage, isDatabaseUnavailableError } from './database-errors';
import { type DbLogger } from './typeorm-logger';

export interface WaitForDatabaseOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Per attempt; capped by what is left of `timeoutMs`. */
  connectTimeoutMs?: number;
  retryDelayMs?: number;
  logger?: DbLogger;
  applicationName?: string;
}

/** Postgres did not answer in time, or refused us for a reason waiting cannot fix (password, database). */
export class DatabaseUnreachableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseUnreachableError';
  }
}

/** One connection attempt; resolves when `SELECT 1` answers. */
async function probeOnce(
  databaseUrl: string,
  connectTimeoutMs: number,
  applicationName: string,
): Promise<void> {
  const client = new Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: applicationName,
  });
  // A socket error after connect must reject the query below, not crash the process as an unhandled 'error'.
  client.on('error', () => undefined);
  // After a failed connect pg has already dropped the socket, and end() would wait for a close that never comes.
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Waits until Postgres accepts connections (in compose it may still be starting), retrying only failures
 * that waiting can fix. Resolves with the milliseconds waited; throws {@link DatabaseUnreachableError}.
 */
export async function waitForDatabase(databaseUrl: string, options: WaitForDatabaseOptions): Promise<number> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const where = describeDatabaseUrl(databaseUrl);
  const retryDelayMs = options.retryDelayMs ?? 500;
  let lastReported: string | undefined;
  for (;;) {
    const remaining = Math.max(1, deadline - Date.now());
    try {
      await probeOnce(
        databaseUrl,
        Math.min(options.connectTimeoutMs ?? 5000, remaining),
        options.applicationName ?? 'tracera',
      );
      if (lastReported !== undefined) options.logger?.log(`postgres at ${where} is reachable`);
      return Date.now() - started;
    } catch (error) {
      const message = errorMessage(error);
      if (!isDatabaseUnavailableError(error)) {
        throw new DatabaseUnreachableError(`postgres at ${where} refused the connection: ${message}`, {
          cause: error,
        });
      }
      if (Date.now() + retryDelayMs >= deadline) {
        throw new DatabaseUnreachableError(
          `postgres at ${where} is unreachable after ${Math.round(options.timeoutMs / 1000)} s: ${message}`,
          { cause: error },
        );
      }
      if (message !== lastReported) {
        options.logger?.warn(
          `postgres at ${where} is not reachable yet (${message}); retrying for up to ${Math.round(options.timeoutMs / 1000)} s`,
        );
        lastReported = message;
      }
      await sleep(retryDelayMs);
    }
  }
}
