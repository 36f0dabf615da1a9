import { Logger } from '@nestjs/common';
import { loadConfig } from '@tracera/config';
import { createEnvelope, envelopeToFields } from '@tracera/contracts';
import { createRedisConnection, waitUntilReady } from '@tracera/redis';
import { StreamConsumer, StreamPublisher, standaloneConsumerConnections } from '@tracera/streams';
import Redis from 'ioredis';
import { type BenchContext } from '../bench-context';
import { type BenchSuite } from './bench-suite';

const EVENTS = 50_000;
const BATCH = 100;

function sampleEnvelope(i: number) {
  return createEnvelope({
    type: 'bench.happened',
    actor: 'system',
    data: { i, url: `https://example.com/item/${i}`, tags: ['alpha', 'beta'] },
  });
}

/** Raw ioredis: pipelined XADD batches, one XREADGROUP COUNT loop, one XACK per batch. */
async function rawEventsPerSecond(port: number): Promise<number> {
  const producer = new Redis({ port, host: '127.0.0.1' });
  const reader = new Redis({ port, host: '127.0.0.1' });
  const stream = 'bench:raw';
  await producer.del(stream);
  await producer.xgroup('CREATE', stream, 'g', '$', 'MKSTREAM');
  const started = process.hrtime.bigint();
  const consume = (async () => {
    let seen = 0;
    while (seen < EVENTS) {
      const reply = (await reader.xreadgroup(
        'GROUP',
        'g',
        'c',
        'COUNT',
        BATCH,
        'BLOCK',
        1000,
        'STREAMS',
        stream,
        '>',
      )) as [string, [string, string[]][]][] | null;
      if (!reply) continue;
      const entries = reply[0][1];
      for (const [, fields] of entries) JSON.parse(fields[fields.length - 1]); // what a handler minimally does
      await reader.xack(stream, 'g', ...entries.map(([id]) => id));
      seen += entries.length;
    }
  })();
  for (let i = 0; i < EVENTS; i += BATCH) {
    const pipeline = producer.pipeline();
    for (let j = i; j < i + BATCH; j++) pipeline.xadd(stream, '*', ...envelopeToFields(sampleEnvelope(j)));
    await pipeline.exec();
  }
  await consume;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  producer.disconnect();
  reader.disconnect();
  return EVENTS / seconds;
}

/** Ours: StreamPublisher.publishMany and a StreamConsumer whose handler resolves (and so is acked). */
async function transportEventsPerSecond(address: string): Promise<number> {
  const config = loadConfig({ service: 'bench', defaultPort: 0 }, { REDIS_ADDR: address });
  const command = createRedisConnection(config.redis.core, { service: 'bench', purpose: 'command' });
  if (!(await waitUntilReady(command, 5000))) throw new Error(`bench: Redis at ${address} is not reachable`);
  const publisher = new StreamPublisher(command, { trimIntervalMs: 0 });
  const stream = 'bench:{ev:transport}';
  await command.del(stream);
  let handled = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = new StreamConsumer(
    {
      stream,
      group: 'bench',
      consumer: 'bench-1',
      concurrency: BATCH,
      batchSize: BATCH,
      blockMs: 1000,
      metrics: false,
      handler: () => {
        if (++handled === EVENTS) done();
        return Promise.resolve();
      },
    },
    standaloneConsumerConnections(config.redis.core, command, {
      service: 'bench',
      name: 'bench-consumer',
      maxBlockMs: 1000,
    }),
    new Logger('bench'),
  );
  await consumer.start();
  const started = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i += BATCH) {
    await publisher.publishMany(
      stream,
      Array.from({ length: BATCH }, (_, k) => sampleEnvelope(i + k)),
    );
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await consumer.stop(5000);
  command.disconnect();
  return EVENTS / seconds;
}

export const streamEventsBench: BenchSuite = {
  name: 'stream-events',
  async run(context: BenchContext) {
    // Warm both paths once so JIT and connection set-up are not measured.
    await rawEventsPerSecond(context.redis.port);
    await transportEventsPerSecond(context.redis.address);
    const raw = await rawEventsPerSecond(context.redis.port);
    const ours = await transportEventsPerSecond(context.redis.address);
    return [
      {
        suite: 'stream-events',
        metric: `events/s end to end (${EVENTS}, batches of ${BATCH})`,
        unit: 'ev/s',
        ours,
        baseline: raw,
        target: { op: '>=', ratio: 0.5 },
      },
    ];
  },
};
