import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type RateLimitSetting } from '@tracera/config';
import { RedisClients } from '@tracera/redis';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter';
import { type RateLimitPolicyOverrides } from './rate-limit-policy';

/** RATE_LIMIT_* settings as limiter policies (algorithms stay those of ARCHITECTURE §5). */
export function policiesFromConfig(config: AppConfig): RateLimitPolicyOverrides {
  const { api, search, ai, upload, login } = config.rateLimits;
  const request = (setting: RateLimitSetting) => ({
    limit: setting.limit,
    windowSeconds: setting.windowMs / 1000,
  });
  return {
    requests: { api: request(api), search: request(search), ai: request(ai), upload: request(upload) },
    login: { maxFailures: login.limit, windowSeconds: login.windowMs / 1000 },
  };
}

/** Everything but the connection and the key prefix, which come from RedisModule and APP_CONFIG. */
export type RateLimitModuleOptions = Omit<RateLimiterOptions, 'redis' | 'keyPrefix'>;

/**
 * Provides {@link RateLimiter}: on the core Redis connection when REDIS_RATELIMIT_ENABLED (the default),
 * per-instance memory when it is false. HTTP concerns (guards, headers on responses) belong to the gateway.
 */
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitModuleOptions = {}): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        {
          provide: RateLimiter,
          // Optional so a memory-only service does not need RedisModule.
          inject: [APP_CONFIG, { token: RedisClients, optional: true }],
          useFactory: (config: AppConfig, clients?: RedisClients) => {
            const enabled = config.redis.features.rateLimit;
            if (enabled && !clients) {
              throw new Error(
                'RateLimitModule needs RedisModule when REDIS_RATELIMIT_ENABLED is true; import RedisModule.forRoot()',
              );
            }
            return new RateLimiter({
              ...options,
              policies: { ...policiesFromConfig(config), ...options.policies },
              redis: enabled ? clients?.core : undefined,
              keyPrefix: config.redis.keyPrefix,
            });
          },
        },
      ],
      exports: [RateLimiter],
    };
  }
}
