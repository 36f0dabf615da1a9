import { type HostPort, type RateLimitSetting } from './env-parsers';
import { environmentSchema, type Environment } from './config.schema';

export type RedisRole = 'core' | 'cache';
export type RedisTopology = 'standalone' | 'sentinel' | 'cluster';

export interface RedisRoleConfig {
  role: RedisRole;
  topology: RedisTopology;
  /** Standalone address; for Sentinel and Cluster the seed list below is used instead. */
  host: string;
  port: number;
  sentinels?: HostPort[];
  sentinelMaster?: string;
  sentinelPassword?: string;
  clusterNodes?: HostPort[];
  username?: string;
  password?: string;
  db: number;
  tls: { enabled: boolean; caFile?: string };
  dialTimeoutMs: number;
  readTimeoutMs: number;
  writeTimeoutMs: number;
}

export interface AppConfig {
  service: string;
  nodeEnv: Environment['NODE_ENV'];
  log: { level: Environment['LOG_LEVEL']; format: 'json' | 'pretty' };
  http: {
    port: number;
    /** Browser origins that may call the API (credentials allowed); empty: no cross-origin access. */
    corsOrigins: string[];
    /** Largest JSON request body accepted; above it the answer is 413. */
    bodyLimitBytes: number;
    /** Peers whose `X-Forwarded-For` is believed when finding the client IP; empty: the socket peer is the client. */
    trustedProxies: string[];
  };
  shutdownTimeoutMs: number;
  healthCheckTimeoutMs: number;
  redis: {
    core: RedisRoleConfig;
    cache: RedisRoleConfig;
    keyPrefix: string;
    /** Most dedicated (blocking-read) connections one process opens per role. */
    poolSize: number;
    features: { sessions: boolean; cache: boolean; rateLimit: boolean; pubsub: boolean };
  };
  database: { url: string; poolSize: number; connectTimeoutMs: number; statementTimeoutMs: number };
  auth: {
    /** A session unused this long ends (sliding). */
    sessionIdleMs: number;
    /** A session ends this long after sign-in however active it is. */
    sessionMaxAgeMs: number;
    /** `Secure` on the session cookie; only local plain-http setups turn it off. */
    cookieSecure: boolean;
    /** Only admins create accounts (the first user can always register). */
    signupsDisabled: boolean;
    argon2: { memoryKib: number; timeCost: number; parallelism: number };
  };
  /** ARCHITECTURE §5 limits; login counts failures. */
  rateLimits: Record<'api' | 'search' | 'ai' | 'upload' | 'login', RateLimitSetting>;
  content: {
    /** Where the content service keeps file bytes and export archives (a volume in compose). */
    filesDir: string;
    /** Largest uploaded file; above it the answer is 413. */
    fileMaxBytes: number;
    /** Largest import file. */
    importMaxBytes: number;
    /** The content service's internal HTTP origin, where the gateway streams uploads and downloads. */
    internalUrl: string;
    /** Page-metadata fetching for new bookmarks; private, loopback and link-local targets only when allowed. */
    metadataFetch: { enabled: boolean; allowPrivate: boolean; timeoutMs: number; maxBytes: number };
  };
  search: {
    /** How long a cached search result lives (a user's content event invalidates it sooner). */
    resultTtlMs: number;
  };
  realtime: {
    /** Messages one socket may send per window (`message:send`); local to the socket's node. */
    socketSendLimit: RateLimitSetting;
    /** `sharded` uses Redis 7 sharded pub/sub (SPUBLISH), for Redis Cluster; `classic` uses PUBLISH. */
    redisAdapter: 'classic' | 'sharded';
    /** A socket silent (no `presence:ping`) this long no longer counts its user as present, on any node. */
    presenceTtlMs: number;
    /** How long one gateway replica holds the live-events lease before another may take over. */
    liveEventsLeaseMs: number;
  };
  analytics: {
    /** Raw activity older than this many days is dropped (rollups, active days and streaks stay). */
    retentionDays: number;
    /** How long a dashboard or recommendations result is cached (the person's new activity invalidates it sooner). */
    cacheTtlMs: number;
    /** A tag or domain trends only once this many different people used it in the window (privacy). */
    trendingMinPeople: number;
  };
}

export interface ServiceIdentity {
  /** The service's name as it appears in logs, metrics and stream consumer names. */
  service: string;
  /** The HTTP port used when PORT is unset. */
  defaultPort: number;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}\n` +
        'Every variable is described in .env.example.',
    );
    this.name = 'ConfigValidationError';
  }
}

/** Reads and validates the environment; throws {@link ConfigValidationError} naming every bad variable. */
export function loadConfig(identity: ServiceIdentity, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigValidationError(
      parsed.error.issues.map((issue) => ({
        variable: issue.path.length > 0 ? String(issue.path[0]) : '(environment)',
        message: issue.code === 'invalid_value' ? `${issue.message}` : issue.message,
      })),
    );
  }
  return toAppConfig(identity, parsed.data);
}

function toAppConfig(identity: ServiceIdentity, env: Environment): AppConfig {
  const core = env.REDIS_ADDR!;
  const timeouts = {
    dialTimeoutMs: env.REDIS_DIAL_TIMEOUT,
    readTimeoutMs: env.REDIS_READ_TIMEOUT,
    writeTimeoutMs: env.REDIS_WRITE_TIMEOUT,
  };
  const topology: RedisTopology = env.REDIS_CLUSTER_NODES
    ? 'cluster'
    : env.REDIS_SENTINELS
      ? 'sentinel'
      : 'standalone';
  const coreRole: RedisRoleConfig = {
    role: 'core',
    topology,
    host: core.host,
    port: core.port,
    sentinels: env.REDIS_SENTINELS,
    sentinelMaster: env.REDIS_SENTINEL_MASTER,
    sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    clusterNodes: env.REDIS_CLUSTER_NODES,
    username: env.REDIS_USERNAME ?? core.username,
    password: env.REDIS_PASSWORD ?? core.password,
    db: core.db ?? env.REDIS_DB,
    tls: { enabled: env.REDIS_TLS || core.tls, caFile: env.REDIS_TLS_CA_FILE },
    ...timeouts,
  };
  const cacheAddress = env.CACHE_REDIS_ADDR;
  // Without CACHE_REDIS_ADDR the cache role shares the core deployment (a small install runs one Redis).
  const cacheRole: RedisRoleConfig = cacheAddress
    ? {
        role: 'cache',
        topology: 'standalone',
        host: cacheAddress.host,
        port: cacheAddress.port,
        username: cacheAddress.username ?? env.REDIS_USERNAME,
        password: env.CACHE_REDIS_PASSWORD ?? cacheAddress.password ?? env.REDIS_PASSWORD,
        db: cacheAddress.db ?? 0,
        tls: { enabled: cacheAddress.tls || env.REDIS_TLS, caFile: env.REDIS_TLS_CA_FILE },
        ...timeouts,
      }
    : { ...coreRole, role: 'cache' };

  return {
    service: identity.service,
    nodeEnv: env.NODE_ENV,
    log: {
      level: env.LOG_LEVEL,
      format: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
    },
    http: {
      port: env.PORT ?? identity.defaultPort,
      corsOrigins: env.CORS_ORIGINS,
      bodyLimitBytes: env.HTTP_BODY_LIMIT,
      trustedProxies: env.TRUSTED_PROXIES,
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT,
    healthCheckTimeoutMs: env.HEALTH_CHECK_TIMEOUT,
    redis: {
      core: coreRole,
      cache: cacheRole,
      keyPrefix: env.REDIS_KEY_PREFIX,
      poolSize: env.REDIS_POOL_SIZE,
      features: {
        sessions: env.REDIS_SESSIONS_ENABLED,
        cache: env.REDIS_CACHE_ENABLED,
        rateLimit: env.REDIS_RATELIMIT_ENABLED,
        pubsub: env.REDIS_PUBSUB_ENABLED,
      },
    },
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT,
    },
    auth: {
      sessionIdleMs: env.AUTH_SESSION_IDLE_TIMEOUT,
      sessionMaxAgeMs: env.AUTH_SESSION_MAX_AGE,
      cookieSecure: env.AUTH_COOKIE_SECURE,
      signupsDisabled: env.DISABLE_SIGNUPS,
      argon2: {
        memoryKib: env.ARGON2_MEMORY_KIB,
        timeCost: env.ARGON2_TIME_COST,
        parallelism: env.ARGON2_PARALLELISM,
      },
    },
    rateLimits: {
      api: env.RATE_LIMIT_API,
      search: env.RATE_LIMIT_SEARCH,
      ai: env.RATE_LIMIT_AI,
      upload: env.RATE_LIMIT_UPLOAD,
      login: env.RATE_LIMIT_LOGIN,
    },
    content: {
      filesDir: env.FILES_DIR,
      fileMaxBytes: env.FILES_MAX_SIZE,
      importMaxBytes: env.IMPORT_MAX_SIZE,
      internalUrl: env.CONTENT_INTERNAL_URL.replace(/\/+$/, ''),
      metadataFetch: {
        enabled: env.BOOKMARK_FETCH_METADATA,
        allowPrivate: env.BOOKMARK_FETCH_ALLOW_PRIVATE,
        timeoutMs: env.BOOKMARK_FETCH_TIMEOUT,
        maxBytes: env.BOOKMARK_FETCH_MAX_SIZE,
      },
    },
    search: { resultTtlMs: env.SEARCH_CACHE_TTL },
    realtime: {
      socketSendLimit: env.SOCKET_SEND_RATE,
      redisAdapter: env.SOCKET_REDIS_ADAPTER,
      presenceTtlMs: env.PRESENCE_TTL,
      liveEventsLeaseMs: env.LIVE_EVENTS_LEASE,
    },
    analytics: {
      retentionDays: env.ANALYTICS_RETENTION_DAYS,
      cacheTtlMs: env.ANALYTICS_CACHE_TTL,
      trendingMinPeople: env.TRENDING_MIN_PEOPLE,
    },
  };
}
