import { Controller, Inject, type INestApplication, Injectable } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import {
  createEnvelope,
  type Envelope,
  envelopeToFields,
  fieldsToRecord,
  type RpcRequest,
} from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { RedisStreamsClient, StreamsRecord } from '../src/nest/redis-streams.client';
import { StreamsContext } from '../src/nest/streams-context';
import { STREAMS_INSTANCE_ID } from '../src/nest/streams.module';
import { RpcClient } from '../src/rpc/rpc-client';
import { RpcError, RpcTimeoutError } from '../src/rpc/rpc-error';
import { StreamNames } from '../src/stream-names';
import {
  deleteNote,
  echo,
  getNote,
  ping,
  rawRedis,
  sleep,
  startTestService,
  uniquePrefix,
} from './nest-test-harness';

/** What the content handlers were called with, per app. */
@Injectable()
class CallLog {
  readonly calls: { pattern: string; data: unknown; envelope: Envelope }[] = [];

  record(pattern: string, data: unknown, context: StreamsContext): void {
    this.calls.push({ pattern, data, envelope: context.getEnvelope() });
  }
}

@Controller()
class ContentController {
  constructor(
    private readonly log: CallLog,
    @Inject(STREAMS_INSTANCE_ID) private readonly instanceId: string,
  ) {}

  @MessagePattern(getNote.type)
  getNote(@Payload() data: RpcRequest<typeof getNote>, @Ctx() context: StreamsContext) {
    this.log.record(getNote.type, data, context);
    if (data.id === 'missing') throw new RpcError('NOT_FOUND', 'no such note', { id: data.id });
    if (data.id === 'boom') throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
    // `secret` is not in the response contract: the server strips it before replying.
    return { id: data.id, title: 'Groceries', secret: 'internal' };
  }

  @MessagePattern(deleteNote.type)
  deleteNote(@Payload() data: RpcRequest<typeof deleteNote>, @Ctx() context: StreamsContext) {
    this.log.record(deleteNote.type, data, context);
    return Promise.resolve({ deleted: 'yes' });
  }

  @MessagePattern(echo.type)
  async echo(@Payload() data: RpcRequest<typeof echo>) {
    if (data.delayMs) await sleep(data.delayMs);
    return { caller: data.caller, n: data.n, servedBy: this.instanceId };
  }
}

function contentServer(prefix: string, requestConcurrency?: number): Promise<INestApplication> {
  return startTestService({
    service: 'content',
    prefix,
    controllers: [ContentController],
    providers: [CallLog],
    streams: requestConcurrency ? { requestConsumer: { concurrency: requestConcurrency } } : {},
  });
}

function caller(prefix: string, rpcTimeoutMs = 3000): Promise<INestApplication> {
  return startTestService({ service: 'gateway', prefix, serve: false, streams: { rpcTimeoutMs } });
}

async function rejectionOf(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('RPC over Redis Streams (real redis-server, real Nest apps)', () => {
  const prefix = uniquePrefix();
  const names = new StreamNames(prefix);
  const redis = rawRedis();
  const apps: INestApplication[] = [];
  let server: INestApplication;
  let gateway: INestApplication;

  async function track(app: Promise<INestApplication>): Promise<INestApplication> {
    const started = await app;
    apps.push(started);
    return started;
  }

  beforeAll(async () => {
    server = await track(contentServer(prefix));
    gateway = await track(caller(prefix));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    redis.disconnect();
  });

  it('round-trips a request and its validated response, with the envelope metadata the caller set', async () => {
    const client = gateway.get(RedisStreamsClient);
    const note = await client.call(getNote, { id: 'n1' }, { actor: 'user-7', correlationId: 'corr-1' });
    expect(note).toEqual({ id: 'n1', title: 'Groceries' });

    const viaNest: unknown = await lastValueFrom(
      client.send(getNote.type, new StreamsRecord({ id: 'n2' }, { actor: 'user-8' })),
    );
    expect(viaNest).toEqual({ id: 'n2', title: 'Groceries' });

    const [first, second] = server.get(CallLog).calls.filter((c) => c.pattern === getNote.type);
    expect(first.data).toEqual({ id: 'n1' });
    expect(first.envelope).toMatchObject({ type: getNote.type, actor: 'user-7', correlationId: 'corr-1' });
    expect(second.envelope.actor).toBe('user-8');
    // The reply went to the caller's own inbox, which expires when its process is gone.
    const inbox = gateway.get(RpcClient).inbox;
    expect(await redis.pttl(inbox)).toBeGreaterThan(0);
  });

  it('brings a handler error back structured, and hides unexpected errors behind INTERNAL', async () => {
    const client = gateway.get(RedisStreamsClient);
    const notFound = await rejectionOf(client.call(getNote, { id: 'missing' }));
    expect(notFound).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      message: 'no such note',
      details: { id: 'missing' },
    });

    const internal = await rejectionOf(client.call(getNote, { id: 'boom' }));
    expect(internal).toMatchObject({ code: 'INTERNAL', status: 500, message: 'internal error' });
    expect(JSON.stringify(internal.toBody())).not.toContain('10.0.0.5');

    const broken = await rejectionOf(client.call(deleteNote, { id: 'n1' }));
    expect(broken).toMatchObject({ code: 'INVALID_RESPONSE', status: 502 });

    const viaNest = await rejectionOf(lastValueFrom(client.send(getNote.type, { id: 'missing' })));
    expect(viaNest).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('refuses an invalid request before sending it, and the server refuses one that gets through', async () => {
    const log = server.get(CallLog);
    const handled = log.calls.length;
    const requests = names.requests('content');
    const sentBefore = await redis.xlen(requests);

    const local = await rejectionOf(gateway.get(RedisStreamsClient).call(getNote, { id: '' }));
    expect(local).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
    expect(local.details).toEqual({ issues: [expect.objectContaining({ path: 'id' })] });
    expect(await redis.xlen(requests)).toBe(sentBefore);

    // A request forged past the client (another version, another language) meets the same contract.
    const inbox = names.inbox(`forger-${process.pid}`);
    const forged = createEnvelope({ type: getNote.type, actor: 'user-1', data: { id: 42 } });
    await redis.xadd(
      requests,
      '*',
      ...envelopeToFields(forged),
      'replyTo',
      inbox,
      'deadline',
      String(Date.now() + 5000),
    );
    const reply = await redis.xread('BLOCK', 3000, 'STREAMS', inbox, '0-0');
    const fields = fieldsToRecord(reply![0][1][0][1]);
    expect(fields).toMatchObject({ requestId: forged.id, ok: '0' });
    const error = RpcError.fromBody(JSON.parse(fields.error));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details).toEqual({ issues: [expect.objectContaining({ path: 'id' })] });
    expect(log.calls.length).toBe(handled);
    // Answered once and acknowledged (just after the reply was written): nothing stays pending for a retry.
    await waitFor(async () => ((await redis.xpending(requests, 'content')) as [number])[0] === 0, {
      timeoutMs: 2000,
      description: 'the forged request acknowledged',
    });
  });

  it('skips, without handling or answering, a request whose caller stopped waiting', async () => {
    const log = server.get(CallLog);
    const handled = log.calls.length;
    const requests = names.requests('content');
    const inbox = names.inbox(`expired-${process.pid}`);
    const expired = createEnvelope({ type: getNote.type, actor: 'user-1', data: { id: 'n9' } });
    const entryId = await redis.xadd(
      requests,
      '*',
      ...envelopeToFields(expired),
      'replyTo',
      inbox,
      'deadline',
      String(Date.now() - 1),
    );
    await waitFor(
      async () => {
        const [group] = (await redis.xinfo('GROUPS', requests)) as string[][];
        const lastDelivered = group[group.indexOf('last-delivered-id') + 1];
        const pending = ((await redis.xpending(requests, 'content')) as [number])[0];
        return lastDelivered === entryId && pending === 0;
      },
      { timeoutMs: 2000, description: 'the expired request acknowledged' },
    );
    expect(await redis.exists(inbox)).toBe(0);
    expect(log.calls.length).toBe(handled);
  });

  it('times out in the configured time when no server runs, and forgets the call', async () => {
    const impatient = await track(caller(prefix, 300));
    const started = Date.now();
    const error = await rejectionOf(impatient.get(RedisStreamsClient).call(ping, {}));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect(error).toMatchObject({ code: 'RPC_TIMEOUT', status: 504 });
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(600);
    expect(impatient.get(RpcClient).pendingCalls).toBe(0);
  });

  it('ignores a reply that arrives after its call timed out', async () => {
    const rpc = gateway.get(RpcClient);
    const error = await rejectionOf(
      rpc.call(echo, { caller: 'late', n: 1, delayMs: 500 }, { timeoutMs: 150 }),
    );
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect(rpc.pendingCalls).toBe(0);
    const inboxLength = await redis.xlen(rpc.inbox);
    await waitFor(async () => (await redis.xlen(rpc.inbox)) > inboxLength, {
      timeoutMs: 3000,
      description: 'the late reply in the inbox',
    });
    await sleep(50);
    expect(rpc.pendingCalls).toBe(0);
    await expect(rpc.call(echo, { caller: 'after', n: 2 })).resolves.toMatchObject({ caller: 'after', n: 2 });
  });

  it('gives each of 2 × 200 concurrent calls from two instances its own reply', async () => {
    const [first, second] = await Promise.all([track(caller(prefix, 10_000)), track(caller(prefix, 10_000))]);
    const callers = [
      { name: 'first', rpc: first.get(RpcClient) },
      { name: 'second', rpc: second.get(RpcClient) },
    ];
    expect(callers[0].rpc.inbox).not.toBe(callers[1].rpc.inbox);
    const results = await Promise.all(
      callers.flatMap(({ name, rpc }) =>
        Array.from({ length: 200 }, (_, n) =>
          rpc.call(echo, { caller: name, n }).then((reply) => ({ name, n, reply })),
        ),
      ),
    );
    expect(results).toHaveLength(400);
    for (const { name, n, reply } of results) expect(reply).toMatchObject({ caller: name, n });
    expect(callers.map(({ rpc }) => rpc.pendingCalls)).toEqual([0, 0]);
  });

  it('shares the request load between two replicas of the serving service', async () => {
    const shared = uniquePrefix();
    const replicas = await Promise.all([track(contentServer(shared, 2)), track(contentServer(shared, 2))]);
    const rpc = (await track(caller(shared, 10_000))).get(RpcClient);
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, n) => rpc.call(echo, { caller: 'load', n, delayMs: 20 })),
    );
    const servedBy = new Map<string, number>();
    for (const reply of replies) servedBy.set(reply.servedBy, (servedBy.get(reply.servedBy) ?? 0) + 1);
    expect([...servedBy.keys()].sort()).toEqual(
      replicas.map((app) => app.get<string>(STREAMS_INSTANCE_ID)).sort(),
    );
    for (const count of servedBy.values()) expect(count).toBeGreaterThanOrEqual(10);
  });
});
