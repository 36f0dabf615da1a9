import { type EmbeddedPostgres, type EmbeddedRedis } from '@tracera/embedded-servers';
import { type RedisConnection, waitUntilReady } from '@tracera/redis';
import {
  createTestDatabase,
  sharedInfra,
  startThrowawayPostgres,
  startThrowawayRedis,
  waitFor,
} from '@tracera/testing';
import { Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { OutboxMetrics, OutboxRelay } from '../src';
import { StreamPublisher } from '../src/events/stream-publisher';
import {
  commandConnection,
  firstOccurrences,
  metricValue,
  migrateTestDatabase,
  newWriter,
  openDataSource,
  outboxOrder,
  recordingLogger,
  SCHEMA,
  streamEnvelopes,
  uniqueStreamNames,
  unpublishedCount,
  writeNotes,
} from './outbox-fixtures';

describe('OutboxRelay through outages', () => {
  describe('Redis down', () => {
    let redisServer: EmbeddedRedis;
    let redis: RedisConnection;
    let dataSource: DataSource;
    let relay: OutboxRelay;
    let url: string;
    const logger = recordingLogger();

    beforeAll(async () => {
      redisServer = await startThrowawayRedis({ persistence: true });
      redis = commandConnection(redisServer.address, logger);
      await waitUntilReady(redis, 5000);
      url = await createTestDatabase('outbox_redis_outage');
      await migrateTestDatabase(url);
      dataSource = await openDataSource(url);
    });

    afterAll(async () => {
      await relay?.stop();
      redis?.disconnect();
      await dataSource?.destroy();
      await redisServer?.stop();
    });

    it('keeps events in the outbox while Redis is down and delivers every one, in order, when it is back', async () => {
      const names = uniqueStreamNames();
      const writer = newWriter(names);
      const registry = new Registry();
      relay = new OutboxRelay({
        schema: SCHEMA,
        dataSource,
        sink: new StreamPublisher(redis, { trimIntervalMs: 0 }),
        listen: { connectionString: url },
        pollIntervalMs: 50,
        retry: { initialDelayMs: 20, maxDelayMs: 300 },
        metrics: new OutboxMetrics(registry),
        logger,
      });
      relay.start();
      await writeNotes(dataSource, writer, 20);
      await waitFor(async () => (await unpublishedCount(dataSource)) === 0, { description: 'the first 20' });

      await redisServer.stop();
      await writeNotes(dataSource, writer, 100, 5);
      const halfway = await unpublishedCount(dataSource);
      await writeNotes(dataSource, writer, 100, 5);
      expect(await unpublishedCount(dataSource)).toBeGreaterThan(halfway);
      await waitFor(async () => (await metricValue(registry, 'outbox_publish_failures_total')) >= 5, {
        description: 'several failed attempts',
      });
      expect(await unpublishedCount(dataSource)).toBe(200);
      const [head] = await dataSource.query<{ attempts: number; last_error: string | null }[]>(
        `SELECT attempts, last_error FROM ${SCHEMA}.outbox WHERE published_at IS NULL ORDER BY seq LIMIT 1`,
      );
      expect(head.attempts).toBeGreaterThanOrEqual(5);
      expect(head.last_error).toEqual(expect.any(String));

      await redisServer.start();
      await waitFor(async () => (await unpublishedCount(dataSource)) === 0, {
        timeoutMs: 15_000,
        description: 'the outbox drained after Redis came back',
      });

      const delivered = (await streamEnvelopes(redis, names.events('content'))).map((e) => e.id);
      expect(firstOccurrences(delivered)).toEqual(await outboxOrder(dataSource));
      expect(delivered).toHaveLength(220);
      const relayWarnings = logger.lines.filter((line) => line.includes('cannot publish to redis'));
      expect(relayWarnings).toHaveLength(1);
      expect(logger.lines.some((line) => line.includes('outbox content: relaying again'))).toBe(true);
    });
  });

  describe('Postgres down', () => {
    let postgres: EmbeddedPostgres;
    let dataSource: DataSource;
    let redis: RedisConnection;
    let relay: OutboxRelay;
    const logger = recordingLogger();

    beforeAll(async () => {
      postgres = await startThrowawayPostgres();
      await migrateTestDatabase(postgres.url());
      dataSource = await openDataSource(postgres.url());
      redis = commandConnection(sharedInfra().redisAddress, logger);
    });

    afterAll(async () => {
      await relay?.stop();
      await dataSource?.destroy().catch(() => undefined);
      redis?.disconnect();
      await postgres?.stop();
    });

    it('retries through a Postgres restart, logging once, and relays what is written afterwards', async () => {
      const names = uniqueStreamNames();
      const writer = newWriter(names);
      relay = new OutboxRelay({
        schema: SCHEMA,
        dataSource,
        sink: new StreamPublisher(redis, { trimIntervalMs: 0 }),
        listen: { connectionString: postgres.url() },
        pollIntervalMs: 50,
        retry: { initialDelayMs: 20, maxDelayMs: 300 },
        metricsIntervalMs: 50,
        metrics: new OutboxMetrics(new Registry()),
        logger,
      });
      relay.start();
      await writeNotes(dataSource, writer, 10);
      await waitFor(async () => (await unpublishedCount(dataSource)) === 0, { description: 'the first 10' });

      await postgres.stop();
      await waitFor(() => logger.lines.some((line) => line.includes('cannot read or mark the outbox')), {
        description: 'the relay noticing',
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await postgres.start();

      await waitFor(
        async () => {
          await writeNotes(dataSource, writer, 10);
          return true;
        },
        { timeoutMs: 10_000, description: 'writes accepted again' },
      );
      await waitFor(async () => (await unpublishedCount(dataSource)) === 0, {
        timeoutMs: 10_000,
        description: 'the outbox drained after Postgres came back',
      });
      const delivered = (await streamEnvelopes(redis, names.events('content'))).map((e) => e.id);
      expect(delivered).toEqual(await outboxOrder(dataSource));
      expect(delivered.length).toBeGreaterThanOrEqual(20);
      expect(logger.lines.filter((line) => line.includes('cannot read or mark the outbox'))).toHaveLength(1);
      expect(logger.lines.some((line) => line.includes('outbox content: relaying again'))).toBe(true);
    });
  });
});
