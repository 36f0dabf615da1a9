import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { RedisClients } from '@tracera/redis';
import { RedisSessionStore } from './redis-session.store';
import { UserProfileCache } from './user-profile.cache';

/**
 * Provides {@link RedisSessionStore} on the core Redis connection (and the {@link UserProfileCache} on the cache one), with the session policy and key prefix of
 * APP_CONFIG; needs RedisModule. Redis errors reach the callers, which fail closed (503), never open.
 */
@Global()
@Module({})
export class SessionsModule {
  static forRoot(): DynamicModule {
    return {
      module: SessionsModule,
      providers: [
        {
          provide: RedisSessionStore,
          inject: [APP_CONFIG, RedisClients],
          useFactory: (config: AppConfig, clients: RedisClients) =>
            new RedisSessionStore(clients.core, {
              keyPrefix: config.redis.keyPrefix,
              policy: { idleMs: config.auth.sessionIdleMs, maxAgeMs: config.auth.sessionMaxAgeMs },
              topology: config.redis.core.topology,
            }),
        },
        {
          provide: UserProfileCache,
          inject: [APP_CONFIG, RedisClients],
          useFactory: (config: AppConfig, clients: RedisClients) =>
            new UserProfileCache({
              redis: config.redis.features.cache ? clients.cache : undefined,
              keyPrefix: config.redis.keyPrefix,
            }),
        },
      ],
      exports: [RedisSessionStore, UserProfileCache],
    };
  }
}
