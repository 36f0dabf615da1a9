import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { ReadinessRegistry } from '@tracera/observability';
import { type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { describeDatabaseUrl, errorMessage } from './database-errors';
import { type ServiceDatabase } from './service-database';

/** Injection token for the {@link ServiceDatabase} the module was built for. */
export const SERVICE_DATABASE = Symbol('SERVICE_DATABASE');

export const POSTGRES_READINESS_CHECK = 'postgres';

const FIRST_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 5000;

/**
 * Keeps the service's data source connected without ever blocking or killing the process: the first
 * connection is retried in the background while the service runs (readiness says 503 meanwhile); once
 * connected, pg's pool opens fresh connections per query, so a Postgres restart heals by itself.
 */
@Injectable()
export class DatabaseConnector implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Postgres');
  private connectAttempt?: Promise<boolean>;
  private lastError?: unknown;
  private reportedFailure?: string;
  private stopped = false;
  private wakeRetryLoop?: () => void;
  private retryLoop?: Promise<void>;
  private pendingPing?: Promise<unknown>;

  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    @Inject(SERVICE_DATABASE) private readonly database: ServiceDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readiness: ReadinessRegistry,
  ) {}

  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  async onModuleInit(): Promise<void> {
    // Entity metadata needs no server: building it now makes a query issued before the first connection
    // fail as "Driver not Connected" (a 503) instead of "No metadata for …" (a 500).
    await (this.dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    this.readiness.register({ name: POSTGRES_READINESS_CHECK, critical: true, check: () => this.check() });
    // Awaiting one attempt makes a normal start ready at once; it costs at most the connect timeout.
    if (!(await this.connectOnce())) this.retryLoop = this.retryUntilConnected();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeRetryLoop?.();
    await this.retryLoop;
    await this.connectAttempt;
    if (this.dataSource.isInitialized) {
      await this.dataSource
        .destroy()
        .catch((error: unknown) => this.logger.warn(`closing the pool failed: ${errorMessage(error)}`));
    }
  }

  /** Resolves true once connected; concurrent callers share one attempt. Never rejects. */
  private connectOnce(): Promise<boolean> {
    if (this.dataSource.isInitialized) return Promise.resolve(true);
    this.connectAttempt ??= this.dataSource
      .initialize()
      .then(
        () => {
          const where = describeDatabaseUrl(this.config.database.url);
          this.logger.log(`connected to postgres at ${where} (schema ${this.database.schema ?? 'default'})`);
          this.lastError = undefined;
          this.reportedFailure = undefined;
          return true;
        },
        (error: unknown) => {
          this.noteFailure(error);
          return false;
        },
      )
      .finally(() => (this.connectAttempt = undefined));
    return this.connectAttempt;
  }

  private noteFailure(error: unknown): void {
    this.lastError = error;
    const message = errorMessage(error);
    if (message === this.reportedFailure) return;
    this.reportedFailure = message;
    this.logger.warn(
      `cannot connect to postgres at ${describeDatabaseUrl(this.config.database.url)} (${message}); ` +
        'running without it and retrying in the background',
    );
  }

  private async retryUntilConnected(): Promise<void> {
    let delayMs = FIRST_RETRY_DELAY_MS;
    while (!this.stopped) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.wakeRetryLoop = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeRetryLoop = undefined;
      if (this.stopped) return;
      if (await this.connectOnce()) return;
      delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
    }
  }

  /** The `postgres` readiness check: `SELECT 1` within the health-check timeout, with its latency. */
  private async check(): Promise<Record<string, unknown>> {
    if (!this.dataSource.isInitialized) {
      // A probe is a good moment to try again rather than wait out the backoff.
      this.wakeRetryLoop?.();
      throw new Error(
        `postgres is not connected: ${this.lastError ? errorMessage(this.lastError) : 'connecting'}`,
      );
    }
    const started = performance.now();
    // One ping in flight at most: probes against a hung server must not pile up in the pool.
    this.pendingPing ??= this.dataSource.query('SELECT 1').finally(() => (this.pendingPing = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.config.healthCheckTimeoutMs;
    try {
      await Promise.race([
        this.pendingPing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer to SELECT 1 within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw new Error(`postgres is unreachable: ${errorMessage(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    return {
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      schema: this.database.schema,
      ...(pool && { pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } }),
    };
  }
}
