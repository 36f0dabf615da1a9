import { register } from 'prom-client';
import { type RedisConnection } from '@tracera/redis';
import { sharedInfra, waitFor } from '@tracera/testing';
import { NonRetryableError, StreamPublisher, streamLagReadinessCheck, type StreamMessage } from '../src';
import { FAST, StreamsTestBench, testEnvelope, uniqueStream } from './events-harness';

async function metricValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = register.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return found?.value;
}

describe('stream metrics and readiness (real redis-server)', () => {
  let bench: StreamsTestBench;
  let redis: RedisConnection;
  let publisher: StreamPublisher;

  beforeAll(async () => {
    bench = new StreamsTestBench(sharedInfra().redisAddress);
    redis = await bench.command();
    publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
  });

  afterAll(() => bench.close());

  it('reports lag, pending, dead letters and per-type outcomes; readiness fails over the lag limit', async () => {
    const stream = uniqueStream();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = async (message: StreamMessage) => {
      if (message.envelope.type === 'test.rejected') throw new NonRetryableError('no');
      if (message.envelope.type === 'test.slow') await gate;
    };
    const options = { stream, group: 'g', handler, concurrency: 1, metrics: true, ...FAST };
    // Two consumers in one process share the registered metrics instead of failing to register them twice.
    await bench.consumer(redis, { ...options, consumer: 'a' }).start();
    await bench.consumer(redis, { ...options, consumer: 'b' }).start();

    await publisher.publishMany(stream, [testEnvelope(0, 'test.rejected'), testEnvelope(1)]);
    await waitFor(async () => (await metricValue('tracera_stream_messages_handled_total', { stream })) === 1);
    expect(
      await metricValue('tracera_stream_messages_dead_lettered_total', {
        stream,
        type: 'test.rejected',
        reason: 'non-retryable',
      }),
    ).toBe(1);
    expect(await metricValue('tracera_stream_messages_failed_total', { stream, type: 'test.rejected' })).toBe(
      1,
    );

    // Both consumers hold one slow message each; the rest waits in the stream.
    await publisher.publishMany(
      stream,
      Array.from({ length: 12 }, (_, i) => testEnvelope(i, 'test.slow')),
    );
    await waitFor(
      async () => (await metricValue('tracera_stream_group_pending', { stream, group: 'g' })) === 2,
    );
    expect(await metricValue('tracera_stream_group_lag', { stream, group: 'g' })).toBe(10);
    expect(await metricValue('tracera_stream_dead_letters', { stream })).toBe(1);
    expect(await register.metrics()).toContain('tracera_stream_handler_duration_seconds_bucket');

    const strict = streamLagReadinessCheck({ redis, groups: [{ stream, group: 'g' }], maxLag: 5 });
    expect(strict).toMatchObject({ name: 'streams', critical: true });
    await expect(strict.check()).rejects.toThrow(/group g: lag 10 exceeds 5/);
    const lenient = streamLagReadinessCheck({ redis, groups: [{ stream, group: 'g' }], maxLag: 100 });
    expect(await lenient.check()).toEqual({
      maxLag: 100,
      groups: [{ stream, group: 'g', lag: 10, pending: 2 }],
    });
    const missing = streamLagReadinessCheck({ redis, groups: [{ stream, group: 'nobody' }], maxLag: 100 });
    await expect(missing.check()).rejects.toThrow(/group nobody: group does not exist/);

    release();
    await waitFor(async () => (await metricValue('tracera_stream_group_lag', { stream, group: 'g' })) === 0, {
      timeoutMs: 5000,
      intervalMs: 300,
    });
  });
});
