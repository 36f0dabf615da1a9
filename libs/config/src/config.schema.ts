import { z } from 'zod';
import {
  boolFlag,
  durationMs,
  hostPortList,
  intInRange,
  optionalNonEmpty,
  optionalPort,
  rateLimit,
} from './env-parsers';
import { isIP } from 'node:net';
import { parseRedisAddress, type RedisAddress } from './redis-address';

const redisAddress = (variable: string, fallback?: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): RedisAddress | undefined => {
      const value = raw ?? fallback;
      if (value === undefined) return undefined;
      const parsed = parseRedisAddress(value);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    })
    .describe(variable);

const databaseUrl = z
  .string()
  .default('postgres://tracera@127.0.0.1:5432/tracera')
  .refine(
    (raw) => {
      try {
        const url = new URL(raw);
        return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'must be a postgres://user[:password]@host[:port]/database URL' },
  );

const commaList = (raw: string | undefined): string[] =>
  raw === undefined || raw.trim() === '' ? [] : raw.split(',').map((part) => part.trim());

/** Browser origins allowed to call the API with credentials: `scheme://host[:port]`, nothing else. */
const originList = z
  .string()
  .optional()
  .transform((raw, ctx): string[] => {
    const origins = commaList(raw);
    const bad = origins.filter((origin) => {
      try {
        return new URL(origin).origin !== origin;
      } catch {
        return true;
      }
    });
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expects comma-separated origins like https://app.example.com, could not read ${bad.map((b) => `"${b}"`).join(', ')}`,
      });
      return z.NEVER;
    }
    return origins;
  });

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** Proxies whose `X-Forwarded-For` is believed: IPs, CIDR subnets, or loopback / linklocal / uniquelocal. */
const trustedProxyList = z
  .string()
  .optional()
  .transform((raw, ctx): string[] => {
    const entries = commaList(raw);
    const bad = entries.filter((entry) => !isAddressOrSubnet(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expects comma-separated IPs, CIDR subnets or loopback/linklocal/uniquelocal, could not read ${bad.map((b) => `"${b}"`).join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

const BYTE_SIZE = /^(\d+)(b|kb|mb|gb)?$/i;
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024, gb: 1024 * 1024 * 1024 };

/** `512kb`, `1mb` or bare bytes → bytes (binary units: 1kb = 1024 bytes). */
const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      const match = BYTE_SIZE.exec(raw.trim());
      const bytes = match ? Number(match[1]) * UNIT_BYTES[(match[2] ?? 'b').toLowerCase()] : 0;
      if (!match || bytes < 1) {
        ctx.addIssue({ code: 'custom', message: `"${raw}" is not a size (use e.g. 65536, 512kb, 1mb)` });
        return z.NEVER;
      }
      return bytes;
    });

/** Renewed or swept at a fraction of their length: below a second that is a busy loop on Redis. */
const atLeastASecond = (duration: z.ZodType<number, string | undefined>) =>
  duration.refine((ms) => ms >= 1000, { message: 'must be at least 1s' });

/**
 * Every environment variable Tracera reads, its default and its shape. `.env.example` documents the same
 * list; a test keeps the two in step.
 */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    PORT: optionalPort(),
    SHUTDOWN_TIMEOUT: durationMs('10s'),
    HEALTH_CHECK_TIMEOUT: durationMs('1s'),

    CORS_ORIGINS: originList,
    HTTP_BODY_LIMIT: byteSize('1mb'),
    TRUSTED_PROXIES: trustedProxyList,

    REDIS_ADDR: redisAddress('REDIS_ADDR', '127.0.0.1:6379'),
    REDIS_USERNAME: optionalNonEmpty(),
    REDIS_PASSWORD: optionalNonEmpty(),
    REDIS_DB: intInRange(0, 0, 15),
    REDIS_TLS: boolFlag(false),
    REDIS_TLS_CA_FILE: optionalNonEmpty(),
    REDIS_SENTINELS: hostPortList(26379),
    REDIS_SENTINEL_MASTER: optionalNonEmpty(),
    REDIS_SENTINEL_PASSWORD: optionalNonEmpty(),
    REDIS_CLUSTER_NODES: hostPortList(6379),
    REDIS_POOL_SIZE: intInRange(10, 1, 1000),
    REDIS_DIAL_TIMEOUT: durationMs('5s'),
    REDIS_READ_TIMEOUT: durationMs('3s'),
    REDIS_WRITE_TIMEOUT: durationMs('3s'),
    REDIS_KEY_PREFIX: z.string().default('tr:'),
    CACHE_REDIS_ADDR: redisAddress('CACHE_REDIS_ADDR'),
    CACHE_REDIS_PASSWORD: optionalNonEmpty(),
    REDIS_SESSIONS_ENABLED: boolFlag(true),
    REDIS_CACHE_ENABLED: boolFlag(true),
    REDIS_RATELIMIT_ENABLED: boolFlag(true),
    REDIS_PUBSUB_ENABLED: boolFlag(true),

    AUTH_SESSION_IDLE_TIMEOUT: durationMs('24h'),
    AUTH_SESSION_MAX_AGE: durationMs('30d'),
    AUTH_COOKIE_SECURE: boolFlag(true),
    DISABLE_SIGNUPS: boolFlag(false),
    // ARCHITECTURE §4 floor: m = 19 MiB, t = 2, p = 1.
    ARGON2_MEMORY_KIB: intInRange(19456, 19456, 4_194_304),
    ARGON2_TIME_COST: intInRange(2, 2, 20),
    ARGON2_PARALLELISM: intInRange(1, 1, 16),

    RATE_LIMIT_API: rateLimit('100/1m'),
    RATE_LIMIT_SEARCH: rateLimit('100/1m'),
    RATE_LIMIT_AI: rateLimit('20/1m'),
    RATE_LIMIT_UPLOAD: rateLimit('10/10m'),
    RATE_LIMIT_LOGIN: rateLimit('5/5m'),

    FILES_DIR: z.string().min(1).default('./data/files'),
    FILES_MAX_SIZE: byteSize('100mb'),
    IMPORT_MAX_SIZE: byteSize('50mb'),
    CONTENT_INTERNAL_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8082'),
    BOOKMARK_FETCH_METADATA: boolFlag(false),
    BOOKMARK_FETCH_ALLOW_PRIVATE: boolFlag(false),
    BOOKMARK_FETCH_TIMEOUT: durationMs('5s'),
    BOOKMARK_FETCH_MAX_SIZE: byteSize('1mb'),
    SEARCH_CACHE_TTL: durationMs('5m'),

    SOCKET_SEND_RATE: rateLimit('30/10s'),
    SOCKET_REDIS_ADAPTER: z.enum(['classic', 'sharded']).default('classic'),
    PRESENCE_TTL: atLeastASecond(durationMs('60s')),
    LIVE_EVENTS_LEASE: atLeastASecond(durationMs('5s')),

    // At least 400 days: the 365-day dashboard and its top tags read the raw activity.
    ANALYTICS_RETENTION_DAYS: intInRange(730, 400, 36_500),
    ANALYTICS_CACHE_TTL: atLeastASecond(durationMs('1h')),
    TRENDING_MIN_PEOPLE: intInRange(2, 1, 1000),

    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: intInRange(10, 1, 500),
    DATABASE_CONNECT_TIMEOUT: durationMs('5s'),
    DATABASE_STATEMENT_TIMEOUT: durationMs('30s'),
  })
  .superRefine((env, ctx) => {
    if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_MASTER) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_SENTINEL_MASTER'],
        message: 'is required when REDIS_SENTINELS is set',
      });
    }
    if (env.REDIS_SENTINELS && env.REDIS_CLUSTER_NODES) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_CLUSTER_NODES'],
        message: 'cannot be combined with REDIS_SENTINELS; choose Sentinel or Cluster',
      });
    }
    if (env.AUTH_SESSION_IDLE_TIMEOUT > env.AUTH_SESSION_MAX_AGE) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SESSION_IDLE_TIMEOUT'],
        message: 'cannot be longer than AUTH_SESSION_MAX_AGE',
      });
    }
  });

export type Environment = z.output<typeof environmentSchema>;
