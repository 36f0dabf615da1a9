import { type RedisConnection, waitUntilReady } from '@tracera/redis';
import { type ServiceProcess, sharedInfra, waitFor } from '@tracera/testing';
import { type DataSource } from 'typeorm';
import { deadLetterStreamOf, StreamPublisher } from '../src';
import { testEnvelope, uniqueStream } from './events-harness';
import {
  createEffectsDatabase,
  EFFECT_CONSUMER_FIXTURE,
  effectCounts,
  effectEventIds,
  FixtureProcesses,
  groupPending,
  pendingOf,
} from './fixtures/system-harness';
import { commandConnection, openDataSource, recordingLogger, SCHEMA } from './outbox-fixtures';

const CONSUMING = /\] consuming tr:/;

describe('stream consumers as real processes', () => {
  let url: string;
  let dataSource: DataSource;
  let redis: RedisConnection;
  let publisher: StreamPublisher;
  const processes = new FixtureProcesses();

  beforeAll(async () => {
    url = await createEffectsDatabase('streams_system');
    dataSource = await openDataSource(url);
    redis = commandConnection(sharedInfra().redisAddress, recordingLogger());
    await waitUntilReady(redis, 5000);
    publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
  });

  afterAll(async () => {
    await processes.stopAll();
    redis?.disconnect();
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${SCHEMA}.effects, ${SCHEMA}.processed_events`);
  });

  afterEach(() => processes.stopAll());

  function startConsumer(
    name: string,
    stream: string,
    group: string,
    env: Record<string, string> = {},
  ): Promise<ServiceProcess> {
    return processes.start(name, EFFECT_CONSUMER_FIXTURE, {
      REDIS_ADDR: sharedInfra().redisAddress,
      DATABASE_URL: url,
      STREAM: stream,
      GROUP: group,
      CONSUMER: name,
      ...env,
    });
  }

  async function publish(stream: string, count: number, batch = 500): Promise<string[]> {
    const ids: string[] = [];
    for (let sent = 0; sent < count; sent += batch) {
      const envelopes = Array.from({ length: Math.min(batch, count - sent) }, (_, i) =>
        testEnvelope(sent + i),
      );
      await publisher.publishMany(stream, envelopes);
      ids.push(...envelopes.map((envelope) => envelope.id));
    }
    return ids;
  }

  async function deadLetters(stream: string): Promise<number> {
    return redis.xlen(deadLetterStreamOf(stream));
  }

  it('applies each of 10,000 effects exactly once when a consumer is killed -9 mid-batch', async () => {
    const stream = uniqueStream();
    const group = 'effects';
    await redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
    const [victim, survivor] = await Promise.all([
      startConsumer('victim', stream, group),
      startConsumer('survivor', stream, group),
    ]);
    await Promise.all([victim.waitForLog(CONSUMING), survivor.waitForLog(CONSUMING)]);

    const started = Date.now();
    const published = await publish(stream, 10_000);
    const publishMs = Date.now() - started;
    // Kill only once both are visibly busy, with most of the flow still ahead.
    let atKill = await effectCounts(dataSource);
    await waitFor(
      async () => {
        atKill = await effectCounts(dataSource);
        return (
          atKill.total >= 2000 &&
          (atKill.byConsumer.victim ?? 0) > 0 &&
          (atKill.byConsumer.survivor ?? 0) > 0 &&
          // Holding entries it has not acknowledged, so the kill lands mid-batch.
          (await pendingOf(redis, stream, group, 'victim')).length > 0
        );
      },
      {
        intervalMs: 10,
        timeoutMs: 30_000,
        description: 'both consumers applying effects',
        diagnostics: () => victim.logs.slice(-2000),
      },
    );
    await victim.kill9();
    const killedAt = Date.now();
    const orphaned = await pendingOf(redis, stream, group, 'victim');
    // Orphans whose effect the victim had committed before dying unacknowledged: runOnce must skip these.
    const orphanEvents = (await redis.xrange(stream, '-', '+'))
      .filter(([entryId]) => orphaned.includes(entryId))
      .map(([, fields]) => fields[fields.indexOf('id') + 1]);
    const [{ committed }] = await dataSource.query<{ committed: number }[]>(
      `SELECT count(*)::int AS committed FROM ${SCHEMA}.effects WHERE consumer = 'victim' AND event_id = ANY($1::uuid[])`,
      [orphanEvents],
    );

    await waitFor(async () => (await effectCounts(dataSource)).distinct === 10_000, {
      timeoutMs: 60_000,
      description: 'all 10,000 effects',
      diagnostics: () => survivor.logs.slice(-2000),
    });
    const doneAt = Date.now();
    await waitFor(async () => (await groupPending(redis, stream, group)) === 0, {
      timeoutMs: 15_000,
      description: 'nothing pending in the group',
    });

    const final = await effectCounts(dataSource);
    expect(atKill.total).toBeLessThan(8000);
    // Mid-batch: entries delivered to the victim and never acknowledged, which the others had to reclaim.
    expect(orphaned.length).toBeGreaterThan(0);
    expect(final.total).toBe(10_000);
    expect(final.distinct).toBe(10_000);
    expect(await effectEventIds(dataSource)).toEqual(new Set(published));
    expect(await deadLetters(stream)).toBe(0);
    expect(survivor.exited).toBe(false);
    process.stderr.write(
      `[system] kill -9 under 10,000 events: published in ${publishMs} ms; killed at ${atKill.total} effects ` +
        `(victim ${atKill.byConsumer.victim}, survivor ${atKill.byConsumer.survivor}) with ` +
        `${orphaned.length} entries pending for the victim (${committed} with their effect committed); all applied ${doneAt - killedAt} ms after the kill, ` +
        `${doneAt - started} ms after the first publish; final split ${JSON.stringify(final.byConsumer)}\n`,
    );
  });

  it('finishes and acknowledges the handlers in flight on SIGTERM and leaves the rest to another consumer', async () => {
    const stream = uniqueStream();
    const group = 'drain';
    await redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
    const slow = await startConsumer('slow', stream, group, {
      HANDLER_DELAY_MS: '300',
      CONCURRENCY: '5',
      LOG_EACH: '1',
      STOP_DEADLINE_MS: '5000',
    });
    await slow.waitForLog(CONSUMING);
    const published = await publish(stream, 20);

    await waitFor(() => /handling /.test(slow.logs), { intervalMs: 5, description: 'a handler running' });
    const logsBeforeStop = slow.logs.length;
    const stopStarted = Date.now();
    const exit = await slow.stop(10_000);
    const stopMs = Date.now() - stopStarted;

    const handling = [...slow.logs.matchAll(/handling (\S+)/g)].map((match) => match[1]);
    const handled = [...slow.logs.matchAll(/handled (\S+)/g)].map((match) => match[1]);
    const finishedAfterSigterm = [...slow.logs.slice(logsBeforeStop).matchAll(/handled (\S+)/g)];
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stopMs).toBeLessThan(5000);
    expect(slow.logs).toContain('stopped unfinished=0');
    expect(finishedAfterSigterm.length).toBeGreaterThan(0);
    expect(new Set(handled)).toEqual(new Set(handling));
    expect(await effectEventIds(dataSource)).toEqual(new Set(handling));
    // Acknowledged: none of the finished ones is pending; whatever it read and never started still is.
    const pendingAfterStop = await pendingOf(redis, stream, group, 'slow');
    const stillPending = new Set(
      (await redis.xrange(stream, '-', '+'))
        .filter(([entryId]) => pendingAfterStop.includes(entryId))
        .map(([, fields]) => fields[fields.indexOf('id') + 1]),
    );
    expect(handling.filter((id) => stillPending.has(id))).toEqual([]);
    expect(handling.length).toBeLessThan(20);

    const next = await startConsumer('next', stream, group, { CONCURRENCY: '5', RECLAIM_IDLE_MS: '1000' });
    await waitFor(async () => (await effectCounts(dataSource)).distinct === 20, {
      timeoutMs: 20_000,
      description: 'the other consumer finishing the rest',
      diagnostics: () => next.logs.slice(-2000),
    });
    await waitFor(async () => (await groupPending(redis, stream, group)) === 0, {
      description: 'nothing pending in the group',
    });
    const final = await effectCounts(dataSource);
    expect(final).toEqual({
      total: 20,
      distinct: 20,
      byConsumer: { slow: handling.length, next: 20 - handling.length },
    });
    expect(await effectEventIds(dataSource)).toEqual(new Set(published));
    process.stderr.write(
      `[system] SIGTERM drain: exited 0 in ${stopMs} ms; ${finishedAfterSigterm.length} handlers finished after ` +
        `SIGTERM, ${handling.length} of 20 handled by the stopped consumer, ${pendingAfterStop.length} left ` +
        'pending (read, not started), the rest unread\n',
    );
  });

  it('recreates a consumer group deleted under a running consumer and consumes on', async () => {
    const stream = uniqueStream();
    const group = 'regroup';
    await redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
    const consumer = await startConsumer('lone', stream, group);
    await consumer.waitForLog(CONSUMING);
    const before = await publish(stream, 50);
    await waitFor(async () => (await effectCounts(dataSource)).distinct === 50, {
      description: 'the first 50',
    });

    await redis.call('XGROUP', 'DESTROY', stream, group);
    const after = await publish(stream, 50);
    await waitFor(async () => (await effectCounts(dataSource)).distinct === 100, {
      timeoutMs: 15_000,
      description: 'the 50 published after the group was deleted',
      diagnostics: () => consumer.logs.slice(-2000),
    });
    await waitFor(async () => (await groupPending(redis, stream, group)) === 0, {
      description: 'nothing pending in the recreated group',
    });

    expect(consumer.logs).toMatch(new RegExp(`consumer group "${group}" of stream .* was missing`));
    expect(await effectCounts(dataSource)).toEqual({ total: 100, distinct: 100, byConsumer: { lone: 100 } });
    expect(await effectEventIds(dataSource)).toEqual(new Set([...before, ...after]));
    expect(await deadLetters(stream)).toBe(0);
  });
});
