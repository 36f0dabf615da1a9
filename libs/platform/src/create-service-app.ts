import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, ConfigModule } from '@tracera/config';
import { systemContracts } from '@tracera/contracts';
import { DbModule } from '@tracera/db';
import {
  createRootLogger,
  installRequestLogging,
  instrumentHttp,
  ObservabilityModule,
  requestIdFor,
} from '@tracera/observability';
import { RedisModule } from '@tracera/redis';
import { connectStreamsServer, OutboxModule, StreamsModule } from '@tracera/streams';
import { Logger } from 'nestjs-pino';
import { type ServiceDefinition } from './service-definition';

@Module({})
class ServiceRootModule {}

/**
 * Builds a service's Nest application on Fastify with everything every service has (config, logging,
 * metrics, health, Redis, Postgres, the streams transport and the outbox) around its own feature module;
 * `startAllMicroservices()` starts its stream consumers. Used by `bootstrapService` and by
 * integration tests that need the real app in-process.
 */
export async function createServiceApp(
  definition: ServiceDefinition,
  config: AppConfig,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    trustProxy: false,
    genReqId: requestIdFor,
    requestIdHeader: false,
  });
  const logger = createRootLogger(config);
  instrumentHttp(adapter.getInstance());
  installRequestLogging(adapter.getInstance(), logger);
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: ServiceRootModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, logger),
        RedisModule.forRoot(),
        DbModule.forService(definition.database),
        StreamsModule.forService({ contracts: systemContracts, ...definition.streams }),
        ...(definition.database.schema === null ? [] : [OutboxModule.forService(definition.outbox)]),
        definition.module,
      ],
    },
    adapter,
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  connectStreamsServer(app);
  await definition.configureApp?.(app, config);
  return app;
}
