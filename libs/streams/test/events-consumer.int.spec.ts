import { envelopeToFields } from '@tracera/contracts';
import { type RedisConnection } from '@tracera/redis';
import { sharedInfra, waitFor } from '@tracera/testing';
import { DeadLetters, NonRetryableError, StreamPublisher, type StreamMessage } from '../src';
import {
  capturingLogger,
  FAST,
  pendingCount,
  recordingHandler,
  StreamsTestBench,
  testEnvelope,
  uniqueStream,
} from './events-harness';

describe('StreamConsumer (real redis-server)', () => {
  let bench: StreamsTestBench;
  let redis: RedisConnection;
  let publisher: StreamPublisher;
  let deadLetters: DeadLetters;

  beforeAll(async () => {
    bench = new StreamsTestBench(sharedInfra().redisAddress);
    redis = await bench.command();
    publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
    deadLetters = new DeadLetters(redis);
  });

  afterAll(() => bench.close());

  const publishN = (stream: string, n: number, type?: string) =>
    publisher.publishMany(
      stream,
      Array.from({ length: n }, (_, i) => testEnvelope(i, type)),
    );

  it('handles every published message once and acknowledges it', async () => {
    const stream = uniqueStream();
    const { handler, handled } = recordingHandler();
    await bench.consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST }).start();
    const ids = await publishN(stream, 200);
    await waitFor(() => handled.length >= 200, { timeoutMs: 5000 });
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 2000 });
    expect(new Set(handled.map((m) => m.entryId)).size).toBe(200);
    expect(handled.map((m) => m.entryId).sort()).toEqual([...ids].sort());
    expect(handled.every((m) => m.deliveries === 1 && m.envelope.type === 'test.happened')).toBe(true);
  });

  it('retries a message that fails twice, then acknowledges it without dead-lettering it', async () => {
    const stream = uniqueStream();
    const { handler, handled, attempts } = recordingHandler((m) =>
      m.deliveries <= 2 ? new Error(`flaky ${m.deliveries}`) : undefined,
    );
    await bench
      .consumer(redis, { stream, group: 'g', consumer: 'c1', handler, maxDeliveries: 3, ...FAST })
      .start();
    await publishN(stream, 1);
    await waitFor(() => handled.length === 1, { timeoutMs: 5000 });
    expect(attempts.map((m) => m.deliveries)).toEqual([1, 2, 3]);
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 2000 });
    expect(await deadLetters.count(stream)).toBe(0);
  });

  it('dead-letters a poison message after maxDeliveries with its error while others keep flowing', async () => {
    const stream = uniqueStream();
    const { handler, handled, attempts } = recordingHandler((m) =>
      m.envelope.type === 'test.poison' ? new Error('cannot digest this') : undefined,
    );
    await bench
      .consumer(redis, {
        stream,
        group: 'g',
        consumer: 'c1',
        handler,
        maxDeliveries: 3,
        concurrency: 4,
        ...FAST,
      })
      .start();
    const [poisonId] = await publisher.publishMany(stream, [testEnvelope(0, 'test.poison')]);
    await publishN(stream, 100);
    await waitFor(() => handled.length === 100, { timeoutMs: 5000 });
    await waitFor(async () => (await deadLetters.count(stream)) === 1, { timeoutMs: 5000 });
    const [letter] = await deadLetters.list(stream);
    expect(letter).toMatchObject({
      reason: 'max-deliveries',
      stream,
      entryId: poisonId,
      group: 'g',
      consumer: 'c1',
      deliveries: 3,
    });
    expect(letter.error).toContain('cannot digest this');
    expect(letter.fields.type).toBe('test.poison');
    expect(new Date(letter.failedAt).getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect(attempts.filter((m) => m.entryId === poisonId)).toHaveLength(3);
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 2000 });
  });

  it('dead-letters a malformed envelope at once, without calling the handler', async () => {
    const stream = uniqueStream();
    const { handler, attempts } = recordingHandler();
    await bench.consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST }).start();
    const fields = envelopeToFields(testEnvelope(1));
    fields[fields.indexOf('id') + 1] = 'not-a-uuid';
    const entryId = await redis.xadd(stream, '*', ...fields, 'replyTo', 'somewhere');
    await waitFor(async () => (await deadLetters.count(stream)) === 1, { timeoutMs: 3000 });
    const [letter] = await deadLetters.list(stream);
    expect(letter).toMatchObject({ reason: 'malformed', entryId, deliveries: 1 });
    expect(letter.error).toMatch(/MalformedEnvelopeError: .*id/);
    expect(letter.fields).toMatchObject({ id: 'not-a-uuid', replyTo: 'somewhere' });
    expect(attempts).toHaveLength(0);
    expect(await pendingCount(redis, stream, 'g')).toBe(0);
  });

  it('dead-letters at once when the handler throws NonRetryableError', async () => {
    const stream = uniqueStream();
    const { handler, attempts } = recordingHandler(() => new NonRetryableError('unknown pattern'));
    await bench.consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST }).start();
    await publishN(stream, 1);
    await waitFor(async () => (await deadLetters.count(stream)) === 1, { timeoutMs: 3000 });
    expect((await deadLetters.list(stream))[0]).toMatchObject({ reason: 'non-retryable', deliveries: 1 });
    expect(attempts).toHaveLength(1);
  });

  it('re-reads its own pending entries at start (a crash before acknowledging)', async () => {
    const stream = uniqueStream();
    await redis.call('XGROUP', 'CREATE', stream, 'g', '$', 'MKSTREAM');
    const ids = await publishN(stream, 5);
    // The crashed run: read as c1 and never acknowledged.
    await redis.call('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', 10, 'STREAMS', stream, '>');
    expect(await pendingCount(redis, stream, 'g')).toBe(5);
    const { handler, handled } = recordingHandler();
    // A reclaim idle time far away: only the own-pending re-read can find these.
    await bench
      .consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST, reclaimIdleMs: 60_000 })
      .start();
    await waitFor(() => handled.length === 5, { timeoutMs: 3000 });
    expect(handled.map((m) => m.entryId)).toEqual(ids);
    expect(handled.every((m) => m.deliveries === 2)).toBe(true);
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 2000 });
  });

  it('takes over the entries of a dead consumer after the idle limit (XAUTOCLAIM)', async () => {
    const stream = uniqueStream();
    await redis.call('XGROUP', 'CREATE', stream, 'g', '$', 'MKSTREAM');
    await publishN(stream, 7);
    await redis.call('XREADGROUP', 'GROUP', 'g', 'dead-one', 'COUNT', 10, 'STREAMS', stream, '>');
    const { handler, handled } = recordingHandler();
    const started = Date.now();
    await bench.consumer(redis, { stream, group: 'g', consumer: 'alive', handler, ...FAST }).start();
    await waitFor(() => handled.length === 7, { timeoutMs: 3000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST.reclaimIdleMs - 50);
    expect(handled.every((m) => m.deliveries === 2)).toBe(true);
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 2000 });
  });

  it('shares the work of one group between two consumers, without duplicates', async () => {
    const stream = uniqueStream();
    const slow = (handled: StreamMessage[]) => async (m: StreamMessage) => {
      await new Promise((r) => setTimeout(r, 2));
      handled.push(m);
    };
    const first: StreamMessage[] = [];
    const second: StreamMessage[] = [];
    await bench
      .consumer(redis, { stream, group: 'g', consumer: 'a', handler: slow(first), concurrency: 2, ...FAST })
      .start();
    await bench
      .consumer(redis, { stream, group: 'g', consumer: 'b', handler: slow(second), concurrency: 2, ...FAST })
      .start();
    await publishN(stream, 300);
    await waitFor(() => first.length + second.length >= 300, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    const all = [...first, ...second].map((m) => m.entryId);
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
  });

  it('never runs more than `concurrency` handlers at once', async () => {
    const stream = uniqueStream();
    let running = 0;
    let peak = 0;
    let done = 0;
    const handler = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
      running -= 1;
      done += 1;
    };
    const consumer = bench.consumer(redis, {
      stream,
      group: 'g',
      consumer: 'c1',
      handler,
      concurrency: 3,
      batchSize: 10,
      ...FAST,
      reclaimIdleMs: 1,
      reclaimIntervalMs: 5,
    });
    await consumer.start();
    await publishN(stream, 120);
    await waitFor(() => done === 120, { timeoutMs: 10_000 });
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('recreates its group when it is deleted under it and keeps consuming', async () => {
    const stream = uniqueStream();
    const { logger, lines } = capturingLogger();
    const { handler, handled } = recordingHandler();
    await bench.consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST }, logger).start();
    await publishN(stream, 3);
    await waitFor(() => handled.length === 3, { timeoutMs: 3000 });
    await redis.call('XGROUP', 'DESTROY', stream, 'g');
    const [afterId] = await publishN(stream, 1);
    await waitFor(() => handled.some((m) => m.entryId === afterId), { timeoutMs: 5000 });
    const loud = lines.filter((l) => l.level === 'error' && /was missing/.test(l.message));
    expect(loud).toHaveLength(1);
    expect(loud[0].message).toMatch(/outbox/);
    await publishN(stream, 2);
    await waitFor(() => new Set(handled.map((m) => m.entryId)).size === 6, { timeoutMs: 3000 });
  });

  it('stop() waits for the handlers in flight, acknowledges them and leaves nothing pending', async () => {
    const stream = uniqueStream();
    let started = 0;
    let finished = 0;
    const handler = async () => {
      started += 1;
      await new Promise((r) => setTimeout(r, 300));
      finished += 1;
    };
    const consumer = bench.consumer(redis, {
      stream,
      group: 'g',
      consumer: 'c1',
      handler,
      concurrency: 5,
      ...FAST,
    });
    await consumer.start();
    await publishN(stream, 5);
    await waitFor(() => started === 5, { timeoutMs: 3000 });
    const stopping = Date.now();
    const result = await consumer.stop(5000);
    expect(result.unfinished).toBe(0);
    expect(finished).toBe(5);
    expect(Date.now() - stopping).toBeLessThan(1000);
    expect(await pendingCount(redis, stream, 'g')).toBe(0);
  });

  it('stop() returns at its deadline and leaves unfinished entries pending for another replica', async () => {
    const stream = uniqueStream();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = bench.consumer(redis, {
      stream,
      group: 'g',
      consumer: 'c1',
      handler: () => gate,
      ...FAST,
    });
    await consumer.start();
    await publishN(stream, 2);
    await waitFor(() => consumer.inFlightCount === 2, { timeoutMs: 3000 });
    const result = await consumer.stop(200);
    expect(result.unfinished).toBe(2);
    expect(await pendingCount(redis, stream, 'g')).toBe(2);
    release();
  });

  it('stops at once while idle in a blocking read', async () => {
    const stream = uniqueStream();
    const consumer = bench.consumer(redis, {
      stream,
      group: 'g',
      consumer: 'c1',
      handler: recordingHandler().handler,
      ...FAST,
      blockMs: 5000,
    });
    await consumer.start();
    await new Promise((r) => setTimeout(r, 100));
    const stopping = Date.now();
    await consumer.stop(3000);
    expect(Date.now() - stopping).toBeLessThan(500);
  });
});
