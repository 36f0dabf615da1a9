import { readFileSync } from 'node:fs';
import { type ConnectionOptions as TlsOptions } from 'node:tls';
import { Logger, type LoggerService } from '@nestjs/common';
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { type RedisRole, type RedisRoleConfig } from '@tracera/config';

/** A connection to one Redis role: a single server (standalone or found through Sentinel) or a Cluster. */
export type RedisConnection = Redis | Cluster;

export function isCluster(connection: RedisConnection): connection is Cluster {
  return connection instanceof Cluster;
}

/**
 * What a connection is for; it decides queueing and timeouts:
 * - `command`: the shared request/response connection of a role;
 * - `blocking`: a dedicated connection for one XREADGROUP BLOCK / BLPOP loop;
 * - `subscriber` / `publisher`: pub/sub (the Socket.IO adapter).
 */
export type RedisConnectionPurpose = 'command' | 'blocking' | 'subscriber' | 'publisher';

export interface RedisConnectionRequest {
  /** The service name, shown in CLIENT LIST. */
  service: string;
  purpose: RedisConnectionPurpose;
  /** Tells dedicated connections apart in CLIENT LIST, e.g. the stream a loop reads. */
  name?: string;
  /**
   * Longest BLOCK a blocking connection will issue. When given, a reply silent for longer than
   * maxBlockMs + the read timeout tears the socket down (a dead peer), without cutting a legitimate block.
   */
  maxBlockMs?: number;
  /** Where connection errors and recoveries are logged; Nest's Logger by default. */
  logger?: LoggerService;
}

const RECONNECT_BASE_MS = 50;
const RECONNECT_CAP_MS = 2000;
/** TCP keep-alive probes find half-open sockets that no command timeout watches (idle, blocking, pub/sub). */
const KEEP_ALIVE_MS = 10_000;

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential from 50 ms, capped at 2 s, with jitter so
 * replicas don't reconnect in lock-step. It never gives up: a Redis restart heals without a service restart.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.min(Math.max(attempt, 1) - 1, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * ioredis has one client-side deadline per command covering write and reply (`commandTimeout`), not
 * separate read/write socket timeouts, so it takes the larger of REDIS_READ_TIMEOUT and REDIS_WRITE_TIMEOUT.
 */
export function commandTimeoutMs(config: Pick<RedisRoleConfig, 'readTimeoutMs' | 'writeTimeoutMs'>): number {
  return Math.max(config.readTimeoutMs, config.writeTimeoutMs);
}

/** `tracera:<service>:<role>:<purpose>[:<name>]`, reduced to characters CLIENT SETNAME accepts. */
export function redisConnectionName(
  service: string,
  role: RedisRole,
  purpose: RedisConnectionPurpose,
  name?: string,
): string {
  const raw = ['tracera', service, role, purpose, ...(name ? [name] : [])].join(':');
  return raw.replace(/[^A-Za-z0-9._:-]/g, '-');
}

interface PurposeBehaviour {
  enableOfflineQueue: boolean;
  maxRetriesPerRequest: number | null;
  commandTimeout: boolean;
  autoResendUnfulfilledCommands: boolean;
}

const BEHAVIOUR: Record<RedisConnectionPurpose, PurposeBehaviour> = {
  // No offline queue: while Redis is down a request fails at once (the API answers 503) instead of piling
  // up in memory and hanging until a timeout; a command in flight when the socket drops gets one reconnect.
  command: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: true,
    autoResendUnfulfilledCommands: true,
  },
  publisher: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: true,
    autoResendUnfulfilledCommands: true,
  },
  // A read loop gains nothing from failing instantly: its read waits for the reconnect or fails on the next
  // failed attempt (maxRetriesPerRequest 0), which paces the loop like a backoff; a cut read is not resent.
  blocking: {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    commandTimeout: false,
    autoResendUnfulfilledCommands: false,
  },
  // SUBSCRIBE is a registration, not a request: it waits for the connection and is replayed after reconnects.
  subscriber: {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: false,
    autoResendUnfulfilledCommands: true,
  },
};

function tlsOptions(config: RedisRoleConfig): TlsOptions | undefined {
  if (!config.tls.enabled) return undefined;
  if (!config.tls.caFile) return {};
  try {
    return { ca: readFileSync(config.tls.caFile) };
  } catch (error) {
    throw new Error(
      `cannot read the Redis TLS CA file ${config.tls.caFile} (REDIS_TLS_CA_FILE): ${(error as Error).message}`,
    );
  }
}

/** Options shared by a single-server connection and by each node connection of a Cluster. */
function nodeOptions(config: RedisRoleConfig, request: RedisConnectionRequest): RedisOptions {
  const behaviour = BEHAVIOUR[request.purpose];
  const timeout = commandTimeoutMs(config);
  const socketTimeout =
    request.purpose === 'blocking'
      ? request.maxBlockMs !== undefined
        ? request.maxBlockMs + config.readTimeoutMs
        : undefined
      : behaviour.commandTimeout
        ? timeout // a socket that stays silent past the command deadline is dead (paused server, lost route): reconnect
        : undefined;
  return {
    username: config.username,
    password: config.password,
    tls: tlsOptions(config),
    connectTimeout: config.dialTimeoutMs,
    commandTimeout: behaviour.commandTimeout ? timeout : undefined,
    socketTimeout,
    keepAlive: KEEP_ALIVE_MS,
    // After QUIT there is nothing left to wait for; ioredis' 2 s default also holds the event loop open when a
    // connection is closed while it waits to reconnect.
    disconnectTimeout: 500,
    connectionName: redisConnectionName(request.service, config.role, request.purpose, request.name),
    maxRetriesPerRequest: behaviour.maxRetriesPerRequest,
    autoResendUnfulfilledCommands: behaviour.autoResendUnfulfilledCommands,
    enableReadyCheck: true,
    lazyConnect: true,
  };
}

/** ioredis options for a standalone or Sentinel-managed server. Pure, so the mapping is unit-tested. */
export function redisOptionsFor(config: RedisRoleConfig, request: RedisConnectionRequest): RedisOptions {
  const options: RedisOptions = {
    ...nodeOptions(config, request),
    db: config.db,
    enableOfflineQueue: BEHAVIOUR[request.purpose].enableOfflineQueue,
    retryStrategy: (attempt) => reconnectDelayMs(attempt),
  };
  if (config.topology === 'standalone') return { ...options, host: config.host, port: config.port };
  if (!config.sentinels?.length || !config.sentinelMaster) {
    throw new Error(
      `redis ${config.role}: Sentinel topology needs REDIS_SENTINELS and REDIS_SENTINEL_MASTER`,
    );
  }
  return {
    ...options,
    sentinels: config.sentinels.map(({ host, port }) => ({ host, port })),
    name: config.sentinelMaster,
    role: 'master',
    sentinelPassword: config.sentinelPassword,
    // Sentinels are retried forever too; a cold start of the whole Redis deployment must heal by itself.
    sentinelRetryStrategy: (attempt) => reconnectDelayMs(attempt),
    sentinelCommandTimeout: config.dialTimeoutMs,
    enableTLSForSentinelMode: config.tls.enabled,
    sentinelTLS: options.tls,
  };
}

/** ioredis Cluster options; `db` does not exist on a Cluster (always database 0). */
export function clusterOptionsFor(config: RedisRoleConfig, request: RedisConnectionRequest): ClusterOptions {
  const { maxRetriesPerRequest, autoResendUnfulfilledCommands, ...redisOptions } = nodeOptions(
    config,
    request,
  );
  return {
    redisOptions: { ...redisOptions, maxRetriesPerRequest, autoResendUnfulfilledCommands },
    enableOfflineQueue: BEHAVIOUR[request.purpose].enableOfflineQueue,
    enableReadyCheck: true,
    lazyConnect: true,
    clusterRetryStrategy: (attempt) => reconnectDelayMs(attempt),
    slotsRefreshTimeout: config.dialTimeoutMs,
    // SSUBSCRIBE must reach the master owning the channel's slot; without this ioredis sends every one to
    // a single node and never emits their messages (the `sharded` Socket.IO adapter heard nothing).
    shardedSubscribers: request.purpose === 'subscriber',
  };
}

/** Where a connection points, for log lines and health details (never includes credentials). */
export function describeRedisTarget(config: RedisRoleConfig): string {
  switch (config.topology) {
    case 'sentinel':
      return `sentinel master "${config.sentinelMaster}" via ${(config.sentinels ?? []).map((s) => `${s.host}:${s.port}`).join(',')}`;
    case 'cluster':
      return `cluster ${(config.clusterNodes ?? []).map((n) => `${n.host}:${n.port}`).join(',')}`;
    default:
      return `${config.host}:${config.port}${config.db ? `/${config.db}` : ''}`;
  }
}

const lastErrors = new WeakMap<RedisConnection, Error>();

/** The most recent connection error since the connection was last ready, for health messages. */
export function lastConnectionError(connection: RedisConnection): Error | undefined {
  return lastErrors.get(connection);
}

/**
 * Logs the first error of each outage (not every reconnect attempt) and the recovery. The listener also
 * keeps ioredis from printing "Unhandled error event" to the console.
 */
function watchConnection(connection: RedisConnection, label: string, logger: LoggerService): void {
  let failing = false;
  connection.on('error', (error: Error) => {
    lastErrors.set(connection, error);
    if (failing) return;
    failing = true;
    logger.warn(`${label}: ${error.message}; reconnecting in the background`);
  });
  connection.on('ready', () => {
    lastErrors.delete(connection);
    if (failing) logger.log(`${label}: connected again`);
    failing = false;
  });
}

/**
 * PUBLISH names no key, so an ioredis Cluster sends each one to a random node, and two publishes of one
 * connection then reach subscribers out of order (each node relays over its own cluster-bus links): the
 * Socket.IO adapter's `session:revoked` could arrive after its disconnect. Sending every PUBLISH through
 * the same master (the first ready one by address) keeps the connection's order, as on a single server.
 */
function publishThroughOneMaster(cluster: Cluster): void {
  const publishAnywhere = cluster.publish.bind(cluster);
  const pinned = (channel: string | Buffer, message: string | Buffer): Promise<number> => {
    const masters = cluster.nodes('master').filter((node) => node.status === 'ready');
    const key = (node: Redis) => `${node.options.host}:${node.options.port}`;
    const [first] = masters.sort((a, b) => key(a).localeCompare(key(b)));
    return first ? first.publish(channel, message) : publishAnywhere(channel, message);
  };
  Object.defineProperty(cluster, 'publish', { value: pinned, configurable: true, writable: true });
}

/**
 * The one place a {@link RedisRoleConfig} becomes an ioredis connection: standalone, Sentinel or Cluster,
 * TLS, ACL user, database, timeouts, connection name and an endless capped reconnect. The connection starts
 * connecting at once; commands sent before it is ready fail fast (command/publisher) or wait (blocking,
 * subscriber), see {@link RedisConnectionPurpose}.
 */
export function createRedisConnection(
  config: RedisRoleConfig,
  request: RedisConnectionRequest,
): RedisConnection {
  const connection: RedisConnection =
    config.topology === 'cluster'
      ? new Cluster(
          (config.clusterNodes ?? [{ host: config.host, port: config.port }]).map(({ host, port }) => ({
            host,
            port,
          })),
          clusterOptionsFor(config, request),
        )
      : new Redis(redisOptionsFor(config, request));
  if (isCluster(connection) && request.purpose === 'publisher') publishThroughOneMaster(connection);
  const label = `redis ${config.role} ${request.purpose}${request.name ? ` "${request.name}"` : ''} (${describeRedisTarget(config)})`;
  watchConnection(connection, label, request.logger ?? new Logger('Redis'));
  // Failures are reported through the error listener and retried by the retry strategy.
  connection.connect().catch(() => undefined);
  return connection;
}

/** Resolves true once `connection` is ready, false on its first error or after `timeoutMs`; never rejects. */
export function waitUntilReady(connection: RedisConnection, timeoutMs: number): Promise<boolean> {
  if (connection.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ready: boolean) => {
      clearTimeout(timer);
      connection.off('ready', onReady);
      connection.off('error', onError);
      connection.off('end', onError);
      resolve(ready);
    };
    const onReady = () => finish(true);
    const onError = () => finish(false);
    const timer = setTimeout(onError, timeoutMs);
    connection.on('ready', onReady);
    connection.on('error', onError);
    connection.on('end', onError);
  });
}
