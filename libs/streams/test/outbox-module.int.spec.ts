import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { APP_CONFIG, type AppConfig, ConfigModule } from '@tracera/config';
import { DatabaseConnector, DbModule } from '@tracera/db';
import { ReadinessRegistry } from '@tracera/observability';
import { type RedisConnection } from '@tracera/redis';
import { createTestDatabase, sharedInfra, waitFor } from '@tracera/testing';
import { Outbox, OutboxModule, OutboxRelayService } from '../src';
import { StreamPublisher } from '../src/events/stream-publisher';
import { StreamNames } from '../src/stream-names';
import {
  commandConnection,
  migrateTestDatabase,
  Note,
  noteCreated,
  recordingLogger,
  streamEnvelopes,
  testConfig,
  testDatabase,
} from './outbox-fixtures';

describe('OutboxModule', () => {
  let moduleRef: TestingModule;
  let redis: RedisConnection;
  let config: AppConfig;
  const logger = recordingLogger();

  beforeAll(async () => {
    const url = await createTestDatabase('outbox_module');
    await migrateTestDatabase(url);
    const base = testConfig(sharedInfra().redisAddress, url);
    // A prefix of its own: the run's Redis is shared with other test files.
    config = { ...base, redis: { ...base.redis, keyPrefix: `t${Date.now()}:` } };
    redis = commandConnection(sharedInfra().redisAddress, logger);

    // Stand-ins for the platform's ObservabilityModule and the StreamsModule a real service imports.
    @Global()
    @Module({
      providers: [
        ReadinessRegistry,
        {
          provide: StreamNames,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => new StreamNames(c.redis.keyPrefix),
        },
        { provide: StreamPublisher, useFactory: () => new StreamPublisher(redis, { trimIntervalMs: 0 }) },
      ],
      exports: [ReadinessRegistry, StreamNames, StreamPublisher],
    })
    class PlatformStandIn {}

    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        PlatformStandIn,
        DbModule.forService(testDatabase),
        OutboxModule.forService({ relay: { pollIntervalMs: 50 } }),
      ],
    })
      .setLogger(logger)
      .compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    if (moduleRef?.get(OutboxRelayService).relay.running) await moduleRef.close();
    redis?.disconnect();
  });

  it('writes with the entity change and relays from bootstrap until shutdown', async () => {
    const outbox = moduleRef.get(Outbox);
    const relay = moduleRef.get(OutboxRelayService).relay;
    expect(relay.running).toBe(true);

    const event = await outbox.transaction(async (manager, emit) => {
      const note = await manager.save(Note, { title: 'from nest' });
      return emit(noteCreated, { noteId: note.id, title: note.title }, { actor: 'u-9' });
    });
    const stream = new StreamNames(config.redis.keyPrefix).events('content');
    await waitFor(async () => (await streamEnvelopes(redis, stream)).some((e) => e.id === event.id), {
      description: 'the event on the content stream',
    });
    const [delivered] = await streamEnvelopes(redis, stream);
    expect(delivered).toEqual(event);

    await moduleRef.close();
    expect(relay.running).toBe(false);
    // The data source closes after the relay has stopped: nothing was left behind.
    expect(moduleRef.get(DatabaseConnector).connected).toBe(false);
  });
});
