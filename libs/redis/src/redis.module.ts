import { type DynamicModule, Global, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { ReadinessRegistry } from '@tracera/observability';
import { RedisClients, type RedisClientsOptions } from './redis-clients';
import { RedisKeys } from './redis-keys';

/**
 * Redis for a whole service: {@link RedisClients} (shared and dedicated connections) and {@link RedisKeys}
 * (the configured key prefix), both injectable everywhere. Needs APP_CONFIG and a ReadinessRegistry from
 * global modules.
 */
@Global()
@Module({})
export class RedisModule implements OnModuleInit {
  constructor(
    private readonly clients: RedisClients,
    private readonly readiness: ReadinessRegistry,
  ) {}

  static forRoot(options: RedisClientsOptions = {}): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: RedisClients,
          inject: [APP_CONFIG],
          // Async so dependants' onModuleInit finds Redis connected when it is up; it never fails on a down Redis.
          useFactory: async (config: AppConfig) => {
            const clients = new RedisClients(config, options);
            await clients.waitForConnections();
            return clients;
          },
        },
        {
          provide: RedisKeys,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => new RedisKeys(config.redis.keyPrefix),
        },
      ],
      exports: [RedisClients, RedisKeys],
    };
  }

  onModuleInit(): void {
    for (const check of this.clients.readinessChecks()) this.readiness.register(check);
  }
}
