import { type RedisConnection } from '@tracera/redis';
import { createTestDatabase, sharedInfra, waitFor } from '@tracera/testing';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { OutboxMetrics, OutboxRelay, type OutboxRelayOptions, runOnce } from '../src';
import { StreamPublisher } from '../src/events/stream-publisher';
import { type StreamNames } from '../src/stream-names';
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

describe('OutboxRelay', () => {
  let url: string;
  let dataSource: DataSource;
  let redis: RedisConnection;
  let names: StreamNames;
  let registry: Registry;
  const logger = recordingLogger();
  const relays: OutboxRelay[] = [];
  const extraDataSources: DataSource[] = [];

  beforeAll(async () => {
    url = await createTestDatabase('outbox_relay');
    await migrateTestDatabase(url);
    dataSource = await openDataSource(url);
    redis = commandConnection(sharedInfra().redisAddress, logger);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    redis?.disconnect();
  });

  beforeEach(async () => {
    await dataSource.query(
      `TRUNCATE ${SCHEMA}.notes, ${SCHEMA}.outbox, ${SCHEMA}.processed_events, ${SCHEMA}.effects`,
    );
    names = uniqueStreamNames();
    registry = new Registry();
    logger.lines.length = 0;
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await Promise.all(extraDataSources.splice(0).map((source) => source.destroy()));
  });

  function relay(overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const created = new OutboxRelay({
      schema: SCHEMA,
      dataSource,
      sink: new StreamPublisher(redis, { trimIntervalMs: 0 }),
      batchSize: 100,
      pollIntervalMs: 50,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      metrics: new OutboxMetrics(registry),
      logger,
      ...overrides,
    });
    relays.push(created);
    return created;
  }

  const publishedIds = async () => (await streamEnvelopes(redis, names.events('content'))).map((e) => e.id);

  it('publishes 1,000 events in outbox order and marks each once', async () => {
    await writeNotes(dataSource, newWriter(names), 1000, 10);
    const order = await outboxOrder(dataSource);
    relay().start();
    await waitFor(async () => (await unpublishedCount(dataSource)) === 0, { description: 'an empty outbox' });

    expect(await publishedIds()).toEqual(order);
    const [marks] = await dataSource.query<{ published: number; attempts: number[] }[]>(
      `SELECT count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published, array_agg(DISTINCT attempts) AS attempts
         FROM ${SCHEMA}.outbox`,
    );
    expect(marks).toEqual({ published: 1000, attempts: [1] });
    expect(await metricValue(registry, 'outbox_published_events_total')).toBe(1000);
    expect(await metricValue(registry, 'outbox_publish_failures_total')).toBe(0);
  });

  it('lets two replicas run together: all published once, in order, while writers race', async () => {
    const replicaSource = await openDataSource(url);
    extraDataSources.push(replicaSource);
    const replicaRedis = commandConnection(sharedInfra().redisAddress, logger);
    try {
      const firstRegistry = new Registry();
      const secondRegistry = new Registry();
      const first = relay({ pollIntervalMs: 5, metrics: new OutboxMetrics(firstRegistry) });
      const second = relay({
        dataSource: replicaSource,
        sink: new StreamPublisher(replicaRedis, { trimIntervalMs: 0 }),
        pollIntervalMs: 5,
        batchSize: 7,
        metrics: new OutboxMetrics(secondRegistry),
      });
      first.start();
      second.start();
      const writer = newWriter(names);
      await Promise.all([
        writeNotes(dataSource, writer, 250, 5),
        writeNotes(replicaSource, writer, 250, 1),
        writeNotes(dataSource, writer, 250, 25),
        writeNotes(replicaSource, writer, 250, 3),
      ]);
      await waitFor(async () => (await unpublishedCount(dataSource)) === 0, {
        description: 'an empty outbox',
      });

      const published = await publishedIds();
      expect(published).toHaveLength(1000);
      expect(published).toEqual(await outboxOrder(dataSource));
      const [{ attempts }] = await dataSource.query<{ attempts: number[] }[]>(
        `SELECT array_agg(DISTINCT attempts) AS attempts FROM ${SCHEMA}.outbox`,
      );
      expect(attempts).toEqual([1]);
      // Both took turns, so the order above held across replicas, not just within one.
      const shares = await Promise.all(
        [firstRegistry, secondRegistry].map((r) => metricValue(r, 'outbox_published_events_total')),
      );
      expect(shares[0] + shares[1]).toBe(1000);
      expect(Math.min(...shares)).toBeGreaterThan(0);
    } finally {
      replicaRedis.disconnect();
    }
  });

  it('wakes on NOTIFY instead of waiting for the next poll', async () => {
    relay({ pollIntervalMs: 60_000, listen: { connectionString: url } }).start();
    // Let it find the outbox empty and settle into its long poll.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [id] = await writeNotes(dataSource, newWriter(names), 1);
    const waitedMs = await waitFor(async () => (await publishedIds()).includes(id), {
      timeoutMs: 2000,
      intervalMs: 10,
      description: 'the event on its stream',
    });
    expect(waitedMs).toBeLessThan(1000);
  });

  it('publishes again after a crash between publish and mark, and runOnce applies each event once', async () => {
    // Fails the first mark only: a sequence is not rolled back with the failing transaction.
    await dataSource.query(`CREATE SEQUENCE ${SCHEMA}.mark_faults`);
    await dataSource.query(`CREATE FUNCTION ${SCHEMA}.fail_first_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.published_at IS NOT NULL AND nextval('${SCHEMA}.mark_faults') = 1 THEN
          RAISE EXCEPTION 'injected crash between publish and mark';
        END IF;
        RETURN NEW;
      END $$`);
    await dataSource.query(
      `CREATE TRIGGER fail_first_mark BEFORE UPDATE ON ${SCHEMA}.outbox FOR EACH ROW EXECUTE FUNCTION ${SCHEMA}.fail_first_mark()`,
    );
    try {
      await writeNotes(dataSource, newWriter(names), 50);
      relay({ batchSize: 20 }).start();
      await waitFor(async () => (await unpublishedCount(dataSource)) === 0, {
        description: 'an empty outbox',
      });
    } finally {
      await dataSource.query(`DROP TRIGGER fail_first_mark ON ${SCHEMA}.outbox`);
      await dataSource.query(`DROP FUNCTION ${SCHEMA}.fail_first_mark()`);
      await dataSource.query(`DROP SEQUENCE ${SCHEMA}.mark_faults`);
    }

    const delivered = await streamEnvelopes(redis, names.events('content'));
    expect(delivered).toHaveLength(70);
    expect(firstOccurrences(delivered.map((envelope) => envelope.id))).toEqual(await outboxOrder(dataSource));
    expect(logger.lines.filter((line) => line.includes('injected crash'))).toHaveLength(1);
    expect(logger.lines.some((line) => line.startsWith('log: outbox content: relaying again'))).toBe(true);
    expect(await metricValue(registry, 'outbox_publish_failures_total')).toBe(1);

    const outcomes: string[] = [];
    for (const envelope of delivered) {
      outcomes.push(
        await runOnce(dataSource.manager, 'search-cache', envelope.id, (manager) =>
          manager.query(`INSERT INTO ${SCHEMA}.effects (event_id) VALUES ($1)`, [envelope.id]),
        ),
      );
    }
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(50);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(20);
    const [{ effects, distinct }] = await dataSource.query<{ effects: number; distinct: number }[]>(
      `SELECT count(*)::int AS effects, count(DISTINCT event_id)::int AS distinct FROM ${SCHEMA}.effects`,
    );
    expect({ effects, distinct }).toEqual({ effects: 50, distinct: 50 });
  });

  it('steps aside while another relay holds the schema', async () => {
    await writeNotes(dataSource, newWriter(names), 3);
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(${0x6f757472}, hashtext('${SCHEMA}'))`);
      expect(await relay().relayBatch()).toEqual({ outcome: 'busy' });
      await holder.query('COMMIT');
      expect(await relay().relayBatch()).toEqual({ outcome: 'published', count: 3, more: false });
    } finally {
      await holder.end();
    }
  });

  it('reports the backlog and the age of its oldest event', async () => {
    await writeNotes(dataSource, newWriter(names), 5);
    await dataSource.query(`UPDATE ${SCHEMA}.outbox SET created_at = now() - interval '90 seconds'`);
    const idle = relay();
    const backlog = await idle.measureBacklog();
    expect(backlog.unpublished).toBe(5);
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(await metricValue(registry, 'outbox_unpublished_events')).toBe(5);
    expect(await metricValue(registry, 'outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(90);

    await idle.relayBatch();
    expect(await idle.measureBacklog()).toEqual({ unpublished: 0, oldestAgeSeconds: 0 });
    expect(await metricValue(registry, 'outbox_unpublished_events')).toBe(0);
  });

  it('deletes published rows and old idempotency markers after their retention, in small batches', async () => {
    await writeNotes(dataSource, newWriter(names), 10);
    const cleaner = relay({ cleanupBatchSize: 3, retentionMs: 60_000, processedEventsRetentionMs: 150_000 });
    await cleaner.relayBatch();
    await writeNotes(dataSource, newWriter(names), 4);
    // Seven published long ago, three published just now, four (also old) never published.
    await dataSource.query(
      `UPDATE ${SCHEMA}.outbox SET published_at = now() - interval '2 minutes'
        WHERE seq IN (SELECT seq FROM ${SCHEMA}.outbox ORDER BY seq LIMIT 7)`,
    );
    await dataSource.query(
      `UPDATE ${SCHEMA}.outbox SET created_at = now() - interval '1 day' WHERE published_at IS NULL`,
    );
    await dataSource.query(
      `INSERT INTO ${SCHEMA}.processed_events (consumer, event_id, processed_at)
       SELECT 'analytics', gen_random_uuid(), now() - (n || ' minutes')::interval FROM generate_series(1, 6) AS n`,
    );

    expect(await cleaner.cleanup()).toEqual({ outbox: 7, processedEvents: 4 });
    const [left] = await dataSource.query<{ published: number; unpublished: number; markers: number }[]>(
      `SELECT count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published,
              count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished,
              (SELECT count(*)::int FROM ${SCHEMA}.processed_events) AS markers
         FROM ${SCHEMA}.outbox`,
    );
    expect(left).toEqual({ published: 3, unpublished: 4, markers: 2 });
    expect(await cleaner.cleanup()).toEqual({ outbox: 0, processedEvents: 0 });
  });

  it('runs retention on its own schedule while relaying', async () => {
    await writeNotes(dataSource, newWriter(names), 5);
    relay({ retentionMs: 0, metricsIntervalMs: 50, cleanupIntervalMs: 50 }).start();
    await waitFor(
      async () => {
        const [{ n }] = await dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`,
        );
        return n === 0;
      },
      { description: 'published rows deleted' },
    );
    expect(await publishedIds()).toHaveLength(5);
  });
});
