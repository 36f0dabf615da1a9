import { Global, type INestApplication, Module } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type AppConfig, ConfigModule, loadConfig, type ServiceIdentity } from '@tracera/config';
import { systemContracts } from '@tracera/contracts';
import { ReadinessRegistry } from '@tracera/observability';
import { RedisModule } from '@tracera/redis';
import { StreamsModule } from '@tracera/streams';
import { sharedInfra } from './shared-infra';

/** A service's config in tests: the run's shared Redis, quiet logs and a short drain; `env` adds the rest. */
export function testServiceConfig(identity: ServiceIdentity, env: Record<string, string>): AppConfig {
  return loadConfig(identity, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    REDIS_ADDR: sharedInfra().redisAddress,
    SHUTDOWN_TIMEOUT: '4s',
    ...env,
  });
}

@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessTestModule {}

/**
 * A stand-in for another service (the gateway calling RPCs, a producer publishing events): only config,
 * Redis and the streams transport, talking to the service under test over the real streams.
 */
export async function startStreamsPeer(config: AppConfig, rpcTimeoutMs = 10_000): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      ReadinessTestModule,
      RedisModule.forRoot(),
      StreamsModule.forService({ contracts: systemContracts, rpcTimeoutMs }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: ['error'] });
  await app.init();
  return app;
}
