import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { RedisClients } from '@tracera/redis';
import { ResultCache } from './result-cache';

/**
 * Provides {@link ResultCache} on the cache role's Redis connection with the key prefix of APP_CONFIG; needs
 * RedisModule. With REDIS_CACHE_ENABLED=false the cache connection is never opened and every call computes.
 */
@Global()
@Module({})
export class CacheModule {
  /** `generationScope` gives the service's results a generation of their own (see ResultCacheOptions). */
  static forRoot(options: { generationScope?: string } = {}): DynamicModule {
    return {
      module: CacheModule,
      providers: [
        {
          provide: ResultCache,
          inject: [APP_CONFIG, RedisClients],
          useFactory: (config: AppConfig, clients: RedisClients) => {
            const enabled = config.redis.features.cache;
            // RedisClients.cache dials on first access, so a disabled cache must not touch it.
            return new ResultCache({
              enabled,
              redis: enabled ? clients.cache : undefined,
              keyPrefix: config.redis.keyPrefix,
              generationScope: options.generationScope,
            });
          },
        },
      ],
      exports: [ResultCache],
    };
  }
}
