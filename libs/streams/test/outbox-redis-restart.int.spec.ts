import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { type RedisConnection, waitUntilReady } from '@tracera/redis';
import { createTestDatabase, startThrowawayRedis, waitFor } from '@tracera/testing';
import { Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { OutboxMetrics, OutboxRelay, type OutboxRelayOptions } from '../src';
import { StreamPublisher } from '../src/events/stream-publisher';
import { RedisAppendOnlyFile } from './fixtures/redis-aof';
import {
  commandConnection,
  firstOccurrences,
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

describe('OutboxRelay across a Redis restart', () => {
  let redisServer: EmbeddedRedis;
  let redis: RedisConnection;
  let dataSource: DataSource;
  let aof: RedisAppendOnlyFile;
  const logger = recordingLogger();
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    redisServer = await startThrowawayRedis({ persistence: true });
    redis = commandConnection(redisServer.address, logger);
    await waitUntilReady(redis, 5000);
    aof = await RedisAppendOnlyFile.locate(redis);
    const url = await createTestDatabase('outbox_redis_restart');
    await migrateTestDatabase(url);
    dataSource = await openDataSource(url);
  });

  afterAll(async () => {
    redis?.disconnect();
    await dataSource?.destroy();
    await redisServer?.stop();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${SCHEMA}.notes, ${SCHEMA}.outbox`);
    logger.lines.length = 0;
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  function relay(overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const created = new OutboxRelay({
      schema: SCHEMA,
      dataSource,
      sink: new StreamPublisher(redis, { trimIntervalMs: 0 }),
      redis,
      runIdRefreshMs: 200,
      pollIntervalMs: 50,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      metrics: new OutboxMetrics(new Registry()),
      logger,
      ...overrides,
    });
    relays.push(created);
    return created;
  }

  const relayLog = () => logger.lines.slice(-20).join('\n');

  async function drained(): Promise<void> {
    await waitFor(async () => (await unpublishedCount(dataSource)) === 0, {
      description: 'outbox drained',
      diagnostics: relayLog,
    });
  }

  /** Event ids in the stream, oldest first; retried while the connection comes back after a restart. */
  async function idsIn(stream: string): Promise<string[]> {
    let ids: string[] = [];
    await waitFor(
      async () => {
        ids = (await streamEnvelopes(redis, stream)).map((envelope) => envelope.id);
        return true;
      },
      { description: `XRANGE ${stream}`, diagnostics: relayLog },
    );
    return ids;
  }

  /** Waits until the AOF stops growing: every write Redis acknowledged so far is in the file. */
  async function settledAofSize(): Promise<number> {
    let last = -1;
    await waitFor(
      () => {
        const size = aof.size;
        const settled = size === last;
        last = size;
        return settled;
      },
      { intervalMs: 150, description: 'the AOF to settle' },
    );
    return last;
  }

  it('publishes again the events a crashed Redis acknowledged and lost, though they were marked published', async () => {
    const names = uniqueStreamNames();
    const stream = names.events('content');
    const writer = newWriter(names);
    relay().start();
    const durable = await writeNotes(dataSource, writer, 50, 5);
    await drained();
    const durableSize = await settledAofSize();
    const lost = await writeNotes(dataSource, writer, 30, 3);
    await drained();
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    const [{ runs }] = await dataSource.query<{ runs: (string | null)[] }[]>(
      `SELECT array_agg(DISTINCT published_redis_run) AS runs FROM ${SCHEMA}.outbox`,
    );
    expect(runs).toEqual([expect.stringMatching(/^[0-9a-f]{40}$/)]);

    // What AOF everysec may lose when the host dies: the writes of the last moment before the crash.
    await redisServer.kill9();
    aof.truncate(durableSize);
    await redisServer.start();

    // The loss is real: the outbox holds every row as published, the restarted Redis lacks the last 30.
    expect(await unpublishedCount(dataSource)).toBe(0);
    expect(await idsIn(stream)).toEqual(durable);

    relay().start();
    let delivered: string[] = [];
    await waitFor(
      async () => {
        delivered = await idsIn(stream);
        const present = new Set(delivered);
        return lost.every((id) => present.has(id));
      },
      { timeoutMs: 10_000, description: 'the lost events published again', diagnostics: relayLog },
    );
    await drained();
    delivered = await idsIn(stream);
    // Every committed event once or more, first occurrences in commit order; the window's survivors twice.
    expect(firstOccurrences(delivered)).toEqual(await outboxOrder(dataSource));
    expect(delivered).toHaveLength(durable.length + durable.length + lost.length);
    expect(logger.lines.filter((line) => line.includes('redis restarted or failed over'))).toEqual([
      expect.stringContaining(`publishing again the ${durable.length + lost.length} events`),
    ]);
  });

  it('publishes again only what went out within the window before the last publish to the old server', async () => {
    const names = uniqueStreamNames();
    const stream = names.events('content');
    const writer = newWriter(names);
    relay({ restartRepublishWindowMs: 5000 }).start();
    const old = await writeNotes(dataSource, writer, 10, 5);
    await drained();
    // As if published a minute before the others: outside the window, so trusted to have been persisted.
    await dataSource.query(
      `UPDATE ${SCHEMA}.outbox SET published_at = published_at - interval '1 minute' WHERE event_id = ANY($1::uuid[])`,
      [old],
    );
    const recent = await writeNotes(dataSource, writer, 10, 5);
    await drained();

    // The relay keeps running: it notices the new run_id by itself, then republishes.
    await redisServer.restart();
    let republished: string[] = [];
    await waitFor(
      async () => {
        republished = await idsIn(stream);
        return republished.length >= 30;
      },
      {
        timeoutMs: 10_000,
        description: 'the recent events published again',
        diagnostics: () => `${republished.length} entries in the stream\n${relayLog()}`,
      },
    );
    await drained();
    const delivered = await idsIn(stream);
    expect(delivered).toEqual([...old, ...recent, ...recent]);
    expect(logger.lines.filter((line) => line.includes('redis restarted or failed over'))).toHaveLength(1);

    // A relay restarting against the same Redis finds the same run_id and publishes nothing again.
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    relay().start();
    const later = await writeNotes(dataSource, writer, 5);
    await drained();
    expect(await idsIn(stream)).toEqual([...delivered, ...later]);
    expect(logger.lines.filter((line) => line.includes('redis restarted or failed over'))).toHaveLength(1);
  });
});
