import { z } from 'zod';
import {
  boolFlag,
  durationMs,
  hostPortList,
  intInRange,
  optionalNonEmpty,
  optionalPort,
} from './env-parsers';
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
  });

export type Environment = z.output<typeof environmentSchema>;
