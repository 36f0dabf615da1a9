import { Logger, type LoggerService, type OnApplicationShutdown } from '@nestjs/common';
import { type AppConfig, type RedisRole, type RedisRoleConfig } from '@tracera/config';
// The file, not the package index: observability may itself depend on Redis (stream lag) and must not cycle.
import { type ReadinessCheck } from '@tracera/observability';
import { withDeadline } from './deadline';
import { checkEvictionPolicy } from './eviction-policy-check';
import {
  createRedisConnection,
  describeRedisTarget,
  type RedisConnection,
  type RedisConnectionPurpose,
  waitUntilReady,
} from './redis-connection.factory';
import { checkRedisHealth, type RedisHealth } from './redis-health';

/** Purposes that get a connection of their own; `command` work shares {@link RedisClients.core}/`cache`. */
export type DedicatedPurpose = Exclude<RedisConnectionPurpose, 'command'>;

/** Opening one more blocking connection would exceed REDIS_POOL_SIZE. */
export class RedisConnectionLimitError extends Error {
  constructor(role: RedisRole, name: string, limit: number) {
    super(
      `cannot open blocking redis ${role} connection "${name}": this process already holds ${limit} ` +
        `(REDIS_POOL_SIZE=${limit}). Close loops that are no longer needed, or raise REDIS_POOL_SIZE.`,
    );
    this.name = 'RedisConnectionLimitError';
  }
}

export interface RedisClientsOptions {
  logger?: LoggerService;
}

export interface DedicatedConnectionOptions {
  /** The longest BLOCK this connection will issue (blocking only); lets a dead socket be detected. */
  maxBlockMs?: number;
}

/**
 * QUIT (pending replies arrive, the server closes cleanly) with a deadline, then disconnect and wait for the
 * end. Blocking connections are cut at once: QUIT would queue behind the block they are waiting in.
 */
async function closeConnection(
  connection: RedisConnection,
  purpose: RedisConnectionPurpose,
  deadlineMs: number,
): Promise<void> {
  // Read afresh each time: the status moves on while we await.
  const status = (): string => connection.status;
  if (status() === 'end') return;
  if (status() === 'ready' && purpose !== 'blocking') {
    await withDeadline(connection.quit(), deadlineMs, 'QUIT').catch(() => undefined);
  }
  // Between reconnect attempts there is no socket left to close, and ioredis emits no 'end' for it.
  const waitsForEnd = status() !== 'reconnecting' && status() !== 'end';
  const ended = waitsForEnd
    ? new Promise<void>((resolve) => connection.once('end', () => resolve()))
    : undefined;
  connection.disconnect();
  if (ended && status() !== 'end') await withDeadline(ended, deadlineMs, 'close').catch(() => undefined);
}

/** Two role configs that reach the same server the same way can share one connection. */
function sameTarget(a: RedisRoleConfig, b: RedisRoleConfig): boolean {
  const canonical = (config: RedisRoleConfig) =>
    JSON.stringify({ ...config, role: undefined }, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => x.localeCompare(y)))
        : value,
    );
  return canonical(a) === canonical(b);
}

/**
 * Every Redis connection of one process: one shared command connection per role (the cache role reuses
 * core's when both point at the same server), dedicated blocking and pub/sub connections on request, their
 * readiness checks, the eviction-policy warning, and an orderly close at shutdown.
 */
export class RedisClients implements OnApplicationShutdown {
  /** Streams, sessions, rate limits, leaderboards, locks. */
  readonly core: RedisConnection;
  /** True when the cache role uses the core connection (CACHE_REDIS_ADDR unset or equal). */
  readonly cacheSharesCore: boolean;
  private cacheConnection?: RedisConnection;
  private readonly dedicatedConnections = new Map<
    RedisConnection,
    { role: RedisRole; purpose: DedicatedPurpose }
  >();
  private readonly blockingCount: Record<RedisRole, number> = { core: 0, cache: 0 };
  private readonly logger: LoggerService;
  private closed = false;

  constructor(
    private readonly config: AppConfig,
    options: RedisClientsOptions = {},
  ) {
    this.logger = options.logger ?? new Logger('Redis');
    this.core = this.openShared('core');
    this.cacheSharesCore = sameTarget(config.redis.core, config.redis.cache);
    if (this.cacheSharesCore) this.cacheConnection = this.core;
    // A disabled cache on its own server is not dialled (nor reported) unless something asks for it.
    else if (config.redis.features.cache) this.cacheConnection = this.openShared('cache');
  }

  /** Cached query results only; losing it costs speed, never correctness. */
  get cache(): RedisConnection {
    if (!this.cacheConnection && this.closed)
      throw new Error('cannot open the redis cache connection: shutting down');
    this.cacheConnection ??= this.openShared('cache');
    return this.cacheConnection;
  }

  /** The shared command connection of `role`. */
  shared(role: RedisRole): RedisConnection {
    return role === 'core' ? this.core : this.cache;
  }

  private openShared(role: RedisRole): RedisConnection {
    const connection = createRedisConnection(this.config.redis[role], {
      service: this.config.service,
      purpose: 'command',
      logger: this.logger,
    });
    // Checked on every (re)connect: the server behind the address may have been replaced or reconfigured.
    connection.on('ready', () => void this.warnAboutEviction(connection, role));
    return connection;
  }

  private async warnAboutEviction(connection: RedisConnection, role: RedisRole): Promise<void> {
    try {
      await checkEvictionPolicy(connection, role, this.logger);
    } catch (error) {
      this.logger.warn(`could not check the eviction policy of redis ${role}: ${(error as Error).message}`);
    }
  }

  /**
   * Waits until the shared connections are ready, one fails, or `timeoutMs` passes, whichever is first, so
   * start-up code finds Redis connected when it is up, and a service still starts (not ready) when it is not.
   */
  async waitForConnections(timeoutMs = this.config.redis.core.dialTimeoutMs): Promise<void> {
    const shared = this.sharedConnections();
    const ready = await Promise.all(shared.map(([, connection]) => waitUntilReady(connection, timeoutMs)));
    shared.forEach(([role, connection], i) => {
      if (!ready[i]) {
        this.logger.warn(
          `redis ${role} (${describeRedisTarget(this.config.redis[role])}) is not reachable yet (status ` +
            `${connection.status}); starting anyway, readiness reports it until the connection comes up`,
        );
      }
    });
  }

  /**
   * A connection of its own for a blocking read loop (XREADGROUP BLOCK, BLPOP) or for pub/sub. Blocking
   * connections are capped at REDIS_POOL_SIZE per role; closing one (quit/disconnect) frees its place.
   */
  dedicated(
    role: RedisRole,
    purpose: DedicatedPurpose,
    name: string,
    options: DedicatedConnectionOptions = {},
  ): RedisConnection {
    if (this.closed)
      throw new Error(`cannot open redis ${role} ${purpose} connection "${name}": shutting down`);
    if (!/^[A-Za-z0-9._:-]+$/.test(name)) {
      throw new Error(`redis connection name "${name}" may contain only letters, digits and . _ : -`);
    }
    const limit = this.config.redis.poolSize;
    if (purpose === 'blocking' && this.blockingCount[role] >= limit) {
      throw new RedisConnectionLimitError(role, name, limit);
    }
    const connection = createRedisConnection(this.config.redis[role], {
      service: this.config.service,
      purpose,
      name,
      maxBlockMs: options.maxBlockMs,
      logger: this.logger,
    });
    if (purpose === 'blocking') this.blockingCount[role] += 1;
    this.dedicatedConnections.set(connection, { role, purpose });
    connection.once('end', () => this.forget(connection));
    return connection;
  }

  /**
   * Closes a connection from {@link dedicated} and frees its place at once. Prefer it to quit()/disconnect():
   * ioredis never reports the end of a connection disconnected while it waits to reconnect.
   */
  async release(connection: RedisConnection): Promise<void> {
    const entry = this.dedicatedConnections.get(connection);
    if (!entry) return;
    this.forget(connection);
    await closeConnection(connection, entry.purpose, this.closeDeadlineMs());
  }

  private forget(connection: RedisConnection): void {
    const entry = this.dedicatedConnections.get(connection);
    if (!entry) return;
    this.dedicatedConnections.delete(connection);
    if (entry.purpose === 'blocking') this.blockingCount[entry.role] -= 1;
  }

  /** Blocking connections of `role` open right now. */
  openBlockingConnections(role: RedisRole): number {
    return this.blockingCount[role];
  }

  /** PING latency and INFO figures of a role's shared connection, within HEALTH_CHECK_TIMEOUT. */
  health(role: RedisRole): Promise<RedisHealth> {
    return checkRedisHealth(this.shared(role), this.config.healthCheckTimeoutMs);
  }

  /** `redis` (core, critical) and, when the cache has its own connection, `redis-cache` (may degrade). */
  readinessChecks(): ReadinessCheck[] {
    const checks: ReadinessCheck[] = [{ name: 'redis', critical: true, check: () => this.health('core') }];
    if (!this.cacheSharesCore && this.cacheConnection) {
      checks.push({ name: 'redis-cache', critical: false, check: () => this.health('cache') });
    }
    return checks;
  }

  private sharedConnections(): [RedisRole, RedisConnection][] {
    const shared: [RedisRole, RedisConnection][] = [['core', this.core]];
    if (this.cacheConnection && this.cacheConnection !== this.core)
      shared.push(['cache', this.cacheConnection]);
    return shared;
  }

  private closeDeadlineMs(): number {
    return Math.min(1000, this.config.shutdownTimeoutMs / 2);
  }

  /** Closes every connection, dedicated ones first; afterwards {@link dedicated} refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    const dedicated = [...this.dedicatedConnections].map(([connection, { purpose }]) => {
      this.forget(connection);
      return closeConnection(connection, purpose, this.closeDeadlineMs());
    });
    await Promise.all(dedicated);
    await Promise.all(
      this.sharedConnections().map(([, c]) => closeConnection(c, 'command', this.closeDeadlineMs())),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
