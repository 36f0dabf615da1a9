import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { type RedisConnection, waitUntilReady } from '@tracera/redis';
import { startThrowawayRedis, waitFor } from '@tracera/testing';
import { type DataSource } from 'typeorm';
import { deadLetterStreamOf, StreamNames } from '../src';
import { AofSizeSampler, RedisAppendOnlyFile } from './fixtures/redis-aof';
import {
  createEffectsDatabase,
  EFFECT_CONSUMER_FIXTURE,
  effectCounts,
  effectEventIds,
  FixtureProcesses,
  groupPending,
  OUTBOX_PRODUCER_FIXTURE,
} from './fixtures/system-harness';
import { commandConnection, openDataSource, outboxOrder, recordingLogger, SCHEMA } from './outbox-fixtures';

const TOTAL = 2000;

describe('the outbox through a Redis crash (kill -9, AOF everysec)', () => {
  let redisServer: EmbeddedRedis;
  let redis: RedisConnection;
  let aof: RedisAppendOnlyFile;
  let url: string;
  let dataSource: DataSource;
  const processes = new FixtureProcesses();

  beforeAll(async () => {
    redisServer = await startThrowawayRedis({ persistence: true });
    redis = commandConnection(redisServer.address, recordingLogger());
    await waitUntilReady(redis, 5000);
    aof = await RedisAppendOnlyFile.locate(redis);
    url = await createEffectsDatabase('outbox_redis_crash');
    dataSource = await openDataSource(url);
  });

  afterAll(async () => {
    await processes.stopAll();
    redis?.disconnect();
    await dataSource?.destroy();
    await redisServer?.stop();
  });

  async function publishedEventIds(): Promise<string[]> {
    const rows = await dataSource.query<{ event_id: string }[]>(
      `SELECT event_id::text FROM ${SCHEMA}.outbox WHERE published_at IS NOT NULL`,
    );
    return rows.map((row) => row.event_id);
  }

  /** [entry id, event id] of every entry, oldest first; retried while the connection comes back. */
  async function streamEntries(stream: string): Promise<[string, string][]> {
    let entries: [string, string][] = [];
    await waitFor(async () => {
      entries = (await redis.xrange(stream, '-', '+')).map(([entryId, fields]) => [
        entryId,
        fields[fields.indexOf('id') + 1],
      ]);
      return true;
    });
    return entries;
  }

  it('delivers every committed event when Redis dies mid-stream and loses its last second of writes', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}:`;
    const stream = new StreamNames(prefix).events('content');
    const group = 'outbox-effects';
    await redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
    const sampler = new AofSizeSampler(aof, 50);
    sampler.start();

    const consumer = await processes.start('consumer', EFFECT_CONSUMER_FIXTURE, {
      REDIS_ADDR: redisServer.address,
      DATABASE_URL: url,
      STREAM: stream,
      GROUP: group,
      CONSUMER: 'consumer',
      RECLAIM_IDLE_MS: '1500',
    });
    await consumer.waitForLog(/\] consuming /);
    const producer = await processes.start('producer', OUTBOX_PRODUCER_FIXTURE, {
      REDIS_ADDR: redisServer.address,
      DATABASE_URL: url,
      STREAM_PREFIX: prefix,
      TOTAL: String(TOTAL),
      PER_TRANSACTION: '2',
      PAUSE_MS: '10',
    });
    await producer.waitForLog(/relaying/);
    const started = Date.now();
    await waitFor(async () => (await publishedEventIds()).length >= 600, {
      timeoutMs: 30_000,
      intervalMs: 20,
      description: 'a third of the events published',
      diagnostics: () => producer.logs.slice(-2000),
    });

    await redisServer.kill9();
    const killedAt = Date.now();
    sampler.stop();
    // A batch whose XADDs made it just before the kill is marked a moment later.
    await sleep(300);
    const markedAtKill = await publishedEventIds();
    // What `appendfsync everysec` may lose when the host dies too: the writes of the last second.
    aof.truncate(sampler.sizeAt(killedAt - 1000));
    await sleep(700);
    await redisServer.start();
    const restartedAt = Date.now();

    await producer.waitForLog(new RegExp(`all written ${TOTAL}`), 60_000);
    const writtenAt = Date.now();
    await waitFor(async () => (await effectCounts(dataSource)).distinct === TOTAL, {
      timeoutMs: 60_000,
      description: `effects of all ${TOTAL} events`,
      diagnostics: () => `${producer.logs.slice(-1500)}\n${consumer.logs.slice(-1500)}`,
    });
    const deliveredAt = Date.now();
    await waitFor(async () => (await groupPending(redis, stream, group)) === 0, {
      timeoutMs: 15_000,
      description: 'nothing pending in the group',
    });

    const committed = await outboxOrder(dataSource);
    const entries = await streamEntries(stream);
    const survived = new Set(
      entries.filter(([entryId]) => Number(entryId.split('-')[0]) < killedAt).map(([, eventId]) => eventId),
    );
    const lostByCrash = markedAtKill.filter((id) => !survived.has(id));
    // The crash really lost events the relay had already marked published; only the restart check brings them back.
    expect(lostByCrash.length).toBeGreaterThan(0);
    expect(producer.logs).toMatch(/redis restarted or failed over/);
    expect(committed).toHaveLength(TOTAL);
    expect(new Set(entries.map(([, eventId]) => eventId))).toEqual(new Set(committed));
    expect(await effectEventIds(dataSource)).toEqual(new Set(committed));
    const effects = await effectCounts(dataSource);
    expect(effects.total).toBe(TOTAL);
    expect(await redis.xlen(deadLetterStreamOf(stream))).toBe(0);
    process.stderr.write(
      `[system] redis kill -9 under the outbox: ${markedAtKill.length} of ${TOTAL} marked published at the kill ` +
        `(${killedAt - started} ms in); the crash lost ${lostByCrash.length} of them; redis back after ` +
        `${restartedAt - killedAt} ms; writing ended ${writtenAt - started} ms in; all ${TOTAL} effects applied ` +
        `${deliveredAt - restartedAt} ms after the restart; ` +
        `${entries.length - TOTAL} duplicate entries in the stream, 0 duplicate effects\n`,
    );
  });
});
