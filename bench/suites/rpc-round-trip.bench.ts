import { Logger } from '@nestjs/common';
import { loadConfig } from '@tracera/config';
import { ContractTable, createEnvelope, defineRpc, envelopeToFields } from '@tracera/contracts';
import { RedisClients } from '@tracera/redis';
import {
  consumerConnectionsFromClients,
  RpcClient,
  RpcResponder,
  StreamConsumer,
  StreamNames,
  StreamPublisher,
} from '@tracera/streams';
import Redis from 'ioredis';
import { z } from 'zod';
import { type BenchContext } from '../bench-context';
import { percentile } from '../bench-report';
import { type BenchSuite } from './bench-suite';

const CALLS = 3000;
const WARMUP = 300;

const echo = defineRpc('content.bench.echo', {
  service: 'content',
  request: z.object({ n: z.number().int(), text: z.string() }),
  response: z.object({ n: z.number().int(), text: z.string() }),
});

async function timed(calls: number, call: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = process.hrtime.bigint();
    await call(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

/**
 * The Redis commands one RPC needs, with nothing else: the caller XADDs the request, a server blocked in
 * XREADGROUP answers with XADD to the caller's inbox and XACKs, the caller's blocked XREAD wakes.
 */
async function rawRoundTrips(port: number): Promise<number[]> {
  const caller = new Redis({ port, host: '127.0.0.1' });
  const callerInbox = new Redis({ port, host: '127.0.0.1' });
  const serverRead = new Redis({ port, host: '127.0.0.1' });
  const serverWrite = new Redis({ port, host: '127.0.0.1' });
  const requests = 'bench:{rpc:raw}';
  const inbox = 'bench:{inbox:raw}';
  await caller.del(requests, inbox);
  await caller.xgroup('CREATE', requests, 'server', '$', 'MKSTREAM');
  let serving = true;
  const server = (async () => {
    while (serving) {
      const reply = (await serverRead.xreadgroup(
        'GROUP',
        'server',
        's1',
        'COUNT',
        10,
        'BLOCK',
        200,
        'STREAMS',
        requests,
        '>',
      )) as [string, [string, string[]][]][] | null;
      if (!reply) continue;
      for (const [id, fields] of reply[0][1]) {
        const data = fields[fields.indexOf('data') + 1];
        await serverWrite
          .multi()
          .xadd(inbox, 'MAXLEN', '~', 1000, '*', 'ok', '1', 'data', data)
          .pexpire(inbox, 300_000)
          .exec();
        await serverWrite.xack(requests, 'server', id);
      }
    }
  })();
  let lastId = '$';
  const samples = await timed(WARMUP + CALLS, async (i) => {
    const envelope = createEnvelope({ type: echo.type, actor: 'system', data: { n: i, text: 'hello' } });
    await caller.xadd(
      requests,
      '*',
      ...envelopeToFields(envelope),
      'replyTo',
      inbox,
      'deadline',
      String(Date.now() + 5000),
    );
    for (;;) {
      const reply = await callerInbox.xread('COUNT', 10, 'BLOCK', 1000, 'STREAMS', inbox, lastId);
      if (reply) {
        lastId = reply[0][1][reply[0][1].length - 1][0];
        return;
      }
    }
  });
  serving = false;
  await server;
  for (const connection of [caller, callerInbox, serverRead, serverWrite]) connection.disconnect();
  return samples.slice(WARMUP).sort((a, b) => a - b);
}

/** Ours: RpcClient.call → request stream → StreamConsumer + RpcResponder (schemas checked both ends) → inbox. */
async function transportRoundTrips(address: string): Promise<number[]> {
  const config = loadConfig({ service: 'bench', defaultPort: 0 }, { REDIS_ADDR: address, LOG_LEVEL: 'warn' });
  const clients = new RedisClients(config);
  await clients.waitForConnections();
  const names = new StreamNames('bench:');
  const contracts = new ContractTable([echo]);
  const logger = new Logger('bench');
  const responder = new RpcResponder({
    service: 'content',
    contracts,
    connection: clients.core,
    handlerFor: () => (data) => Promise.resolve(data),
    logger,
  });
  const server = new StreamConsumer(
    {
      stream: names.requests('content'),
      group: 'content',
      consumer: 'bench-server',
      handler: responder.handle,
      blockMs: 1000,
      metrics: false,
    },
    consumerConnectionsFromClients(clients, 'bench-rpc-server', 1000),
    logger,
  );
  await server.start();
  const rpc = new RpcClient({
    contracts,
    names,
    instanceId: 'bench-caller',
    clients,
    publisher: new StreamPublisher(clients.core, { trimIntervalMs: 0 }),
    logger,
  });
  const samples = await timed(WARMUP + CALLS, async (i) => {
    await rpc.call(echo, { n: i, text: 'hello' }, { actor: 'system' });
  });
  await rpc.close();
  await server.stop(2000);
  await clients.close();
  return samples.slice(WARMUP).sort((a, b) => a - b);
}

export const rpcRoundTripBench: BenchSuite = {
  name: 'rpc-round-trip',
  async run(context: BenchContext) {
    const raw = await rawRoundTrips(context.redis.port);
    const ours = await transportRoundTrips(context.redis.address);
    const metric = (p: number) => ({
      suite: 'rpc-round-trip',
      metric: `p${p} of ${CALLS} sequential calls`,
      unit: 'ms',
      ours: percentile(ours, p),
      baseline: percentile(raw, p),
    });
    return [{ ...metric(50), target: { op: '<=' as const, ratio: 2 } }, metric(99)];
  },
};
