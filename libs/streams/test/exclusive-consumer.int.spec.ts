import { Controller, type INestApplication, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { register } from 'prom-client';
import { type EventData } from '@tracera/contracts';
import { type RedisConnection } from '@tracera/redis';
import { sharedInfra, waitFor } from '@tracera/testing';
import {
  consumerLeaseKeyOf,
  ExclusiveStreamConsumer,
  RedisStreamsClient,
  StreamNames,
  StreamPublisher,
  type StreamMessage,
} from '../src';
import {
  capturingLogger,
  FAST,
  pendingCount,
  StreamsTestBench,
  testEnvelope,
  uniqueStream,
} from './events-harness';
import { noteCreated, rawRedis, startTestService, uniquePrefix } from './nest-test-harness';

/** What one replica handled, by the `n` each test envelope carries, in handling order. */
interface Replica {
  consumer: ExclusiveStreamConsumer;
  handled: number[];
  deliveries: Map<number, number>;
}

const numberOf = (message: StreamMessage) => (message.envelope.data as { n: number }).n;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('ExclusiveStreamConsumer (real redis-server)', () => {
  let bench: StreamsTestBench;
  let redis: RedisConnection;
  let publisher: StreamPublisher;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    bench = new StreamsTestBench(sharedInfra().redisAddress);
    redis = await bench.command();
    publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
  });

  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.consumer.stop(1000)));
  });

  afterAll(() => bench.close());

  /** One replica of group `g`: concurrency 1 under a lease; `hold(n)` may keep an entry's handler busy. */
  function replica(
    stream: string,
    name: string,
    leaseMs: number,
    options: {
      command?: RedisConnection;
      hold?: (n: number) => Promise<void> | undefined;
      metrics?: boolean;
    } = {},
  ): Replica {
    const command = options.command ?? redis;
    const handled: number[] = [];
    const deliveries = new Map<number, number>();
    const inner = bench.consumer(command, {
      stream,
      group: 'g',
      consumer: name,
      concurrency: 1,
      startFrom: '0',
      ...FAST,
      handler: async (message) => {
        const n = numberOf(message);
        deliveries.set(n, message.deliveries);
        await options.hold?.(n);
        handled.push(n);
      },
    });
    const consumer = new ExclusiveStreamConsumer(
      inner,
      {
        stream,
        group: 'g',
        consumer: name,
        redis: command,
        leaseMs,
        metrics: options.metrics ?? false,
      },
      capturingLogger().logger,
    );
    const created = { consumer, handled, deliveries };
    replicas.push(created);
    return created;
  }

  const publishRange = (stream: string, from: number, to: number) =>
    publisher.publishMany(
      stream,
      range(from, to).map((n) => testEnvelope(n)),
    );

  it('lets only the replica holding the lease read, in stream order, under a prefixed lease key', async () => {
    const stream = uniqueStream();
    const a = replica(stream, 'a', 3000);
    const b = replica(stream, 'b', 3000);
    await a.consumer.start();
    await b.consumer.start();
    await publishRange(stream, 0, 40);

    await waitFor(() => a.handled.length + b.handled.length >= 40, { timeoutMs: 10_000 });
    const [holder, follower] = a.consumer.holdsLease ? [a, b] : [b, a];
    expect(holder.consumer.holdsLease).toBe(true);
    expect(follower.consumer.holdsLease).toBe(false);
    expect(holder.handled).toEqual(range(0, 40));
    expect(follower.handled).toEqual([]);
    expect(holder.consumer.leaseKey).toBe(consumerLeaseKeyOf(stream, 'g'));
    expect(holder.consumer.leaseKey.startsWith('tr:')).toBe(true);
    expect(Number(await redis.pttl(holder.consumer.leaseKey))).toBeGreaterThan(0);
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 5000 });
  });

  it('hands over on a graceful stop without waiting for the lease to run out', async () => {
    const stream = uniqueStream();
    // A minute-long lease: only the release can let the follower in within the wait below.
    const a = replica(stream, 'a', 60_000);
    const b = replica(stream, 'b', 60_000);
    await a.consumer.start();
    await b.consumer.start();
    expect(a.consumer.holdsLease).toBe(true);
    await publishRange(stream, 0, 10);
    await waitFor(() => a.handled.length === 10, { timeoutMs: 5000 });

    await a.consumer.stop(2000);
    await publishRange(stream, 10, 20);
    await waitFor(() => b.handled.length === 10, {
      timeoutMs: 10_000,
      description: 'the follower took over',
    });
    expect(b.consumer.holdsLease).toBe(true);
    expect([...a.handled, ...b.handled]).toEqual(range(0, 20));
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 5000 });
  });

  it('replaces a holder that dies mid-entry after its lease, handling what it left pending first, in order', async () => {
    const stream = uniqueStream();
    // The holder's own connection: cutting it leaves the holder unable to renew, ack or release, as if dead.
    const doomed = await bench.command();
    let unblock: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const a = replica(stream, 'a', 1200, { command: doomed, hold: (n) => (n === 3 ? stuck : undefined) });
    const b = replica(stream, 'b', 1200);
    await a.consumer.start();
    await b.consumer.start();
    expect(a.consumer.holdsLease).toBe(true);
    await publishRange(stream, 0, 10);
    await waitFor(() => a.deliveries.has(3), { timeoutMs: 5000, description: 'the holder took entry 3' });

    doomed.disconnect();
    await waitFor(() => b.handled.length === 7, {
      timeoutMs: 15_000,
      description: 'the successor caught up',
    });
    expect(a.handled).toEqual([0, 1, 2]);
    expect(b.handled).toEqual(range(3, 10));
    // Entry 3 is the one the dead holder had been given: delivered again, not lost.
    expect(b.deliveries.get(3)).toBe(2);
    expect(b.consumer.holdsLease).toBe(true);
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 5000 });
    unblock();
  });

  it('reports whether this process holds the lease in a gauge', async () => {
    const stream = uniqueStream();
    const only = replica(stream, 'only', 3000, { metrics: true });
    const held = async () =>
      (await register.getSingleMetric('tracera_stream_consumer_lease_held')?.get())?.values.find(
        (value) => value.labels.stream === stream,
      )?.value;
    await only.consumer.start();
    expect(await held()).toBe(1);
    await only.consumer.stop(1000);
    expect(await held()).toBe(0);
  });

  it('stops reading when it finds its lease taken, and the lease goes on to one replica again', async () => {
    const stream = uniqueStream();
    const a = replica(stream, 'a', 900);
    const b = replica(stream, 'b', 900);
    await a.consumer.start();
    await b.consumer.start();
    await publishRange(stream, 0, 5);
    await waitFor(() => a.handled.length === 5, { timeoutMs: 5000 });

    // Someone else's token: the holder's compare-and-PEXPIRE fails and it must stop.
    await redis.set(a.consumer.leaseKey, 'intruder', 'PX', 60_000);
    await waitFor(() => !a.consumer.holdsLease, { timeoutMs: 5000, description: 'the holder gave up' });
    expect(b.consumer.holdsLease).toBe(false);
    expect(await redis.get(a.consumer.leaseKey)).toBe('intruder');

    await redis.del(a.consumer.leaseKey);
    await publishRange(stream, 5, 15);
    await waitFor(() => a.handled.length + b.handled.length === 15, { timeoutMs: 10_000 });
    expect([a.consumer.holdsLease, b.consumer.holdsLease].filter(Boolean)).toHaveLength(1);
    const after = a.consumer.holdsLease ? a.handled.slice(5) : b.handled;
    expect(after).toEqual(range(5, 15));
  });
});

@Injectable()
class Handled {
  readonly notes: string[] = [];
}

@Controller()
class NoteController {
  constructor(private readonly handled: Handled) {}

  @EventPattern(noteCreated.type)
  onNote(@Payload() data: EventData<typeof noteCreated>): void {
    this.handled.notes.push(data.noteId);
  }
}

describe('exclusive event consumers of a Nest service (real redis-server, real Nest apps)', () => {
  const prefix = uniquePrefix();
  const redis = rawRedis();
  const apps: INestApplication[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    redis.disconnect();
  });

  const replica = async () => {
    const app = await startTestService({
      service: 'search-cache',
      prefix,
      controllers: [NoteController],
      providers: [Handled],
      streams: {
        consumes: [noteCreated.type],
        // The lease comes from the service's config, as a service definition cannot know it up front.
        eventConsumer: (config) => ({
          concurrency: 1,
          exclusive: { leaseMs: config.shutdownTimeoutMs * 10 },
        }),
      },
    });
    apps.push(app);
    return app;
  };

  it('lets one replica of the service handle the events, and the next one after it stops', async () => {
    const first = await replica();
    const second = await replica();
    const producer = await startTestService({ service: 'content', prefix, serve: false });
    apps.push(producer);
    const client = producer.get(RedisStreamsClient);
    const leaseKey = consumerLeaseKeyOf(new StreamNames(prefix).events('content'), 'search-cache');
    expect(await redis.get(leaseKey)).toMatch(/^search-cache/);

    for (let i = 0; i < 20; i += 1) await client.emitEvent(noteCreated, { noteId: `n${i}`, title: 't' });
    const notesOf = (app: INestApplication) => app.get(Handled).notes;
    await waitFor(() => notesOf(first).length + notesOf(second).length === 20, { timeoutMs: 10_000 });
    const [holder, follower] = notesOf(first).length > 0 ? [first, second] : [second, first];
    expect(notesOf(holder)).toEqual(range(0, 20).map((i) => `n${i}`));
    expect(notesOf(follower)).toEqual([]);

    await holder.close();
    apps.splice(apps.indexOf(holder), 1);
    for (let i = 20; i < 25; i += 1) await client.emitEvent(noteCreated, { noteId: `n${i}`, title: 't' });
    // The lease is 40 s long: the follower takes over because the holder released it on close.
    await waitFor(() => notesOf(follower).length === 5, { timeoutMs: 10_000 });
    expect(notesOf(follower)).toEqual(range(20, 25).map((i) => `n${i}`));
  });
});
