import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { type RedisConnection, waitUntilReady } from '@tracera/redis';
import { startThrowawayRedis, waitFor } from '@tracera/testing';
import { StreamPublisher, type StreamMessage } from '../src';
import {
  capturingLogger,
  FAST,
  pendingCount,
  recordingHandler,
  StreamsTestBench,
  testEnvelope,
  uniqueStream,
} from './events-harness';

describe('StreamConsumer through Redis outages (throwaway redis-server)', () => {
  let server: EmbeddedRedis;
  let bench: StreamsTestBench;
  let redis: RedisConnection;
  let publisher: StreamPublisher;

  beforeEach(async () => {
    server = await startThrowawayRedis({ persistence: true });
    bench = new StreamsTestBench(server.address);
    redis = await bench.command();
    publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
  });

  afterEach(async () => {
    await bench.close();
    await server.stop();
  });

  const publishWhenUp = async (stream: string, n: number) => {
    await waitUntilReady(redis, 5000);
    return publisher.publish(stream, testEnvelope(n));
  };

  it('resumes by itself after Redis was stopped and started, and acknowledges what it finished meanwhile', async () => {
    const stream = uniqueStream();
    const { logger, lines } = capturingLogger();
    const handled: StreamMessage[] = [];
    const handler = async (message: StreamMessage) => {
      await new Promise((r) => setTimeout(r, 300));
      handled.push(message);
    };
    await bench.consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST }, logger).start();
    await publisher.publishMany(stream, [testEnvelope(1), testEnvelope(2)]);
    await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    await expect(publisher.publish(stream, testEnvelope(3))).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 800));
    await server.start();
    const afterId = await publishWhenUp(stream, 4);
    await waitFor(() => handled.some((m) => m.entryId === afterId), { timeoutMs: 10_000 });
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 5000 });
    // The two handled during the outage were acknowledged on recovery, not redelivered.
    expect(handled).toHaveLength(3);
    const outageLines = lines.filter((l) => l.level === 'warn' && /logged once per outage/.test(l.message));
    expect(outageLines).toHaveLength(1);
    expect(lines.some((l) => /consuming again after/.test(l.message))).toBe(true);
  });

  it('recreates stream and group when Redis comes back without its data', async () => {
    const stream = uniqueStream();
    const { logger, lines } = capturingLogger();
    const { handler, handled } = recordingHandler();
    await bench.consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST }, logger).start();
    await publishWhenUp(stream, 1);
    await waitFor(() => handled.length === 1, { timeoutMs: 3000 });
    await server.kill9();
    await server.start();
    // What a lost disk or a failover to an empty replica looks like once the server is back.
    await waitUntilReady(redis, 5000);
    await redis.flushall();
    const afterId = await publishWhenUp(stream, 2);
    await waitFor(() => handled.some((m) => m.entryId === afterId), { timeoutMs: 10_000 });
    expect(lines.some((l) => l.level === 'error' && /was missing/.test(l.message))).toBe(true);
  });

  it('reopens a blocking connection whose read never answers (paused server)', async () => {
    const stream = uniqueStream();
    const { logger, lines } = capturingLogger();
    const { handler, handled } = recordingHandler();
    await bench
      .consumer(
        redis,
        { stream, group: 'g', consumer: 'c1', handler, ...FAST, watchdogMarginMs: 300 },
        logger,
      )
      .start();
    await new Promise((r) => setTimeout(r, 100));
    server.pause();
    await new Promise((r) => setTimeout(r, 1200));
    server.resume();
    const afterId = await publishWhenUp(stream, 1);
    await waitFor(() => handled.some((m) => m.entryId === afterId), { timeoutMs: 10_000 });
    expect(lines.some((l) => l.level === 'warn' && /blocking read gave no answer/.test(l.message))).toBe(
      true,
    );
  });
});
