import { randomBytes } from 'node:crypto';
import { Global, type INestApplication, Module, type Provider, type Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { z } from 'zod';
import { type AppConfig, ConfigModule, loadConfig } from '@tracera/config';
import { ContractTable, defineEvent, defineRpc } from '@tracera/contracts';
import { ReadinessRegistry } from '@tracera/observability';
import { RedisModule } from '@tracera/redis';
import { sharedInfra } from '@tracera/testing';
import { connectStreamsServer } from '../src/nest/connect-streams-server';
import { StreamsModule, type StreamsModuleOptions } from '../src/nest/streams.module';

/** The contracts the transport tests speak: content serves notes and an echo, messaging serves (nobody) ping. */
export const getNote = defineRpc('content.note.get', {
  service: 'content',
  request: z.object({ id: z.string().min(1) }),
  response: z.object({ id: z.string(), title: z.string() }),
});
export const deleteNote = defineRpc('content.note.delete', {
  service: 'content',
  request: z.object({ id: z.string() }),
  response: z.object({ deleted: z.boolean() }),
});
export const echo = defineRpc('content.echo', {
  service: 'content',
  request: z.object({ caller: z.string(), n: z.number().int(), delayMs: z.number().int().optional() }),
  response: z.object({ caller: z.string(), n: z.number().int(), servedBy: z.string() }),
});
export const ping = defineRpc('messaging.ping', {
  service: 'messaging',
  request: z.object({}),
  response: z.object({ pong: z.literal(true) }),
});
export const noteCreated = defineEvent('note.created', {
  producer: 'content',
  data: z.object({ noteId: z.string(), title: z.string().min(1) }),
});
export const noteArchived = defineEvent('note.archived', {
  producer: 'content',
  data: z.object({ noteId: z.string() }),
});

export const contracts = new ContractTable([getNote, deleteNote, echo, ping, noteCreated, noteArchived]);

/** A key prefix of the test's own, so tests sharing the run's redis-server never see each other's streams. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}:`;
}

export function streamsTestConfig(service: string, prefix: string): AppConfig {
  return loadConfig(
    { service, defaultPort: 18080 },
    {
      NODE_ENV: 'test',
      REDIS_ADDR: sharedInfra().redisAddress,
      REDIS_KEY_PREFIX: prefix,
      REDIS_DIAL_TIMEOUT: '1s',
      REDIS_READ_TIMEOUT: '1s',
      HEALTH_CHECK_TIMEOUT: '500ms',
      SHUTDOWN_TIMEOUT: '4s',
    },
  );
}

@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessTestModule {}

export interface TestServiceSpec {
  service: string;
  prefix: string;
  controllers?: Type<unknown>[];
  providers?: Provider[];
  streams?: Omit<StreamsModuleOptions, 'contracts'> & { contracts?: ContractTable };
  /** Connect and start the RedisStreamsServer (a pure caller does not). */
  serve?: boolean;
}

/**
 * A real Nest hybrid app of one service, built the way the platform builds one (Fastify, config, Redis, the
 * streams module) and with the streams server connected and started when asked.
 */
export async function startTestService(spec: TestServiceSpec): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(streamsTestConfig(spec.service, spec.prefix)),
      ReadinessTestModule,
      RedisModule.forRoot(),
      StreamsModule.forService({ contracts, ...spec.streams }),
    ],
    controllers: spec.controllers ?? [],
    providers: spec.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: ['error', 'warn'] });
  try {
    if (spec.serve ?? true) {
      connectStreamsServer(app);
      await app.startAllMicroservices();
    }
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

/** A plain connection for inspecting and forging stream entries. */
export function rawRedis(): Redis {
  return new Redis({ port: sharedInfra().redisPort });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
