import { fieldsToRecord } from '@tracera/contracts';
import { type RedisConnection } from '@tracera/redis';
import { sharedInfra } from '@tracera/testing';
import { compareStreamEntryIds, StreamPublisher } from '../src';
import { capturingLogger, StreamsTestBench, testEnvelope, uniqueStream } from './events-harness';

describe('StreamPublisher (real redis-server)', () => {
  let bench: StreamsTestBench;
  let redis: RedisConnection;

  beforeAll(async () => {
    bench = new StreamsTestBench(sharedInfra().redisAddress);
    redis = await bench.command();
  });

  afterAll(() => bench.close());

  const envelopes = (n: number) => Array.from({ length: n }, (_, i) => testEnvelope(i));
  const ids = async (stream: string) => ((await redis.xrange(stream, '-', '+')) ?? []).map(([id]) => id);
  const readAndAck = async (stream: string, group: string, count: number, ackFirst: number) => {
    const reply = (await redis.call(
      'XREADGROUP',
      'GROUP',
      group,
      'x',
      'COUNT',
      count,
      'STREAMS',
      stream,
      '>',
    )) as [string, [string, string[]][]][];
    const read = reply[0][1].map(([id]) => id);
    if (ackFirst > 0) await redis.xack(stream, group, ...read.slice(0, ackFirst));
    return read;
  };

  it('publishes an envelope with its transport fields and returns the entry id', async () => {
    const publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
    const stream = uniqueStream();
    const envelope = testEnvelope(7);
    const entryId = await publisher.publish(stream, envelope, { replyTo: 'tr:{inbox:abc}' });
    const [[id, fields]] = (await redis.xrange(stream, '-', '+')) ?? [];
    expect(id).toBe(entryId);
    expect(fieldsToRecord(fields)).toMatchObject({
      id: envelope.id,
      type: 'test.happened',
      data: '{"n":7}',
      replyTo: 'tr:{inbox:abc}',
    });
    await expect(publisher.publish(stream, envelope, { type: 'other' })).rejects.toThrow(/shadow/);
  });

  it('publishes a batch in one pipeline, in order', async () => {
    const publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
    const stream = uniqueStream();
    const batch = envelopes(50);
    const entryIds = await publisher.publishMany(stream, [
      ...batch.slice(0, 49),
      { envelope: batch[49], extraFields: { deadline: '1' } },
    ]);
    expect(entryIds).toEqual(await ids(stream));
    const entries = (await redis.xrange(stream, '-', '+')) ?? [];
    expect(entries.map(([, f]) => fieldsToRecord(f).id)).toEqual(batch.map((e) => e.id));
    expect(fieldsToRecord(entries[49][1]).deadline).toBe('1');
  });

  it('trims to about maxLength when every group has read and acknowledged everything', async () => {
    const publisher = new StreamPublisher(redis, { maxLength: 200, trimIntervalMs: 0 });
    const stream = uniqueStream();
    await redis.call('XGROUP', 'CREATE', stream, 'done', '$', 'MKSTREAM');
    await publisher.publishMany(stream, envelopes(1000));
    await readAndAck(stream, 'done', 1000, 1000);
    const result = await publisher.trim(stream);
    const length = await redis.xlen(stream);
    expect(result.heldBackBy).toBeUndefined();
    expect(length).toBeGreaterThanOrEqual(200);
    expect(length).toBeLessThan(300);
  });

  it('never trims entries a lagging group has not read or acknowledged', async () => {
    const { logger, lines } = capturingLogger();
    const publisher = new StreamPublisher(redis, { maxLength: 100, trimIntervalMs: 0, logger });
    const stream = uniqueStream();
    await redis.call('XGROUP', 'CREATE', stream, 'fast', '$', 'MKSTREAM');
    await redis.call('XGROUP', 'CREATE', stream, 'lagging', '$');
    const published = await publisher.publishMany(stream, envelopes(1000));
    await readAndAck(stream, 'fast', 1000, 1000);

    // Nothing read yet by `lagging`: nothing may go.
    expect(await publisher.trim(stream)).toMatchObject({ trimmed: 0, heldBackBy: 'lagging' });
    expect(await redis.xlen(stream)).toBe(1000);
    expect(lines.some((l) => l.level === 'warn' && /group "lagging" still needs/.test(l.message))).toBe(true);

    // Read 600, acknowledged only the first 300: entry 301 on is still needed (pending, then unread).
    await readAndAck(stream, 'lagging', 600, 300);
    const result = await publisher.trim(stream);
    expect(result.trimmed).toBeGreaterThan(0);
    expect(result.cutoffId).toBe(published[300]);
    const kept = await ids(stream);
    expect(compareStreamEntryIds(kept[0], published[300])).toBeLessThanOrEqual(0);
    expect(kept.slice(-700)).toEqual(published.slice(300));

    // Everything acknowledged: down to about maxLength.
    const pending = (await redis.call('XPENDING', stream, 'lagging', '-', '+', 1000)) as [string][];
    await redis.xack(stream, 'lagging', ...pending.map(([id]) => id));
    await readAndAck(stream, 'lagging', 1000, 1000);
    expect((await publisher.trim(stream)).heldBackBy).toBeUndefined();
    expect(await redis.xlen(stream)).toBeLessThan(200);
  });

  it('trims entries older than maxAgeMs, keeping newer ones', async () => {
    const publisher = new StreamPublisher(redis, { maxLength: 0, maxAgeMs: 60_000, trimIntervalMs: 0 });
    const stream = uniqueStream();
    const old = Date.now() - 120_000;
    for (let i = 0; i < 300; i += 1) await redis.xadd(stream, `${old}-${i}`, 'old', String(i));
    const fresh = await publisher.publishMany(stream, envelopes(50));
    const result = await publisher.trim(stream);
    expect(result.trimmed).toBeGreaterThan(250);
    const kept = await ids(stream);
    expect(kept.slice(-50)).toEqual(fresh);
    expect(kept.length).toBeLessThan(100);
  });

  it('runs retention by itself beside publishing', async () => {
    const publisher = new StreamPublisher(redis, { maxLength: 100, trimIntervalMs: 1 });
    const stream = uniqueStream();
    await publisher.publishMany(stream, envelopes(1000));
    await publisher.drain();
    expect(await redis.xlen(stream)).toBeLessThan(200);
  });
});
