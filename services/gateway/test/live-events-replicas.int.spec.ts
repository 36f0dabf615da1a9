import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { messagingRpc, type RoomEvent } from '@tracera/contracts';
import { createServiceApp } from '@tracera/platform';
import { RedisClients } from '@tracera/redis';
import { consumerLeaseKeyOf, RedisStreamsClient, STREAMS_INSTANCE_ID, StreamNames } from '@tracera/streams';
import { waitFor } from '@tracera/testing';
import { io, type Socket } from 'socket.io-client';
import { gatewayService } from '../src/gateway.service-definition';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';

interface LiveSocket {
  socket: Socket;
  events: RoomEvent[];
}

const ROOM_EVENT = /^(message|reaction|read|member|conversation):/;

/** The seqs of one conversation a socket received, in arrival order. */
const seqsOf = (live: LiveSocket, conversationId: string) =>
  live.events.filter((e) => e.conversationId === conversationId).map((e) => e.seq);

const upTo = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('live events with two gateway replicas (real stack, Redis adapter)', () => {
  let stack: ContentStack;
  let second: NestFastifyApplication;
  let replicas: { app: NestFastifyApplication; url: string; closed: boolean }[];
  let rpc: RedisStreamsClient;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // A minute-long lease: a takeover within the test's waits can only come from the holder releasing it.
    stack = await startContentStack({ withMessaging: true, env: { LIVE_EVENTS_LEASE: '60s' } });
    second = await createServiceApp(gatewayService, stack.config);
    await second.startAllMicroservices();
    await second.listen({ port: 0, host: '127.0.0.1' });
    replicas = [
      { app: stack.gateway, url: stack.gatewayUrl, closed: false },
      { app: second, url: await second.getUrl(), closed: false },
    ];
    // Outlives either gateway: the content service calls messaging like any other service would.
    rpc = stack.content.get(RedisStreamsClient);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    if (replicas?.[1] && !replicas[1].closed) await second.close();
    await stack?.close();
  });

  async function connect(url: string, token: string): Promise<LiveSocket> {
    const socket = io(url, {
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const live: LiveSocket = { socket, events: [] };
    socket.onAny((event: string, payload: unknown) => {
      if (ROOM_EVENT.test(event)) live.events.push(payload as RoomEvent);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return live;
  }

  /** Which replica pushes messaging events now: the one whose instance id the lease holds. */
  async function pushingReplica(): Promise<number> {
    const key = consumerLeaseKeyOf(
      new StreamNames(stack.config.redis.keyPrefix).events('messaging'),
      'gateway',
    );
    const token = await stack.content.get(RedisClients).core.get(key);
    const index = replicas.findIndex(
      ({ app, closed }) => !closed && token?.startsWith(`${app.get<string>(STREAMS_INSTANCE_ID)}:`),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    return index;
  }

  const createGroup = async (owner: SignedInUser, members: SignedInUser[]) =>
    (
      await rpc.call(
        messagingRpc.createConversation,
        { userId: owner.id, type: 'group', title: 'Replicas', memberIds: members.map((m) => m.id) },
        { actor: owner.id },
      )
    ).conversation;

  const send = async (sender: SignedInUser, conversationId: string, body: string) =>
    (
      await rpc.call(
        messagingRpc.sendMessage,
        { userId: sender.id, conversationId, body },
        { actor: sender.id },
      )
    ).message;

  async function expectEverySeqOnce(
    live: LiveSocket,
    conversationId: string,
    lastSeq: number,
  ): Promise<void> {
    await waitFor(() => seqsOf(live, conversationId).includes(lastSeq), {
      timeoutMs: 10_000,
      description: `seq ${lastSeq}`,
    });
    const seqs = seqsOf(live, conversationId);
    // In order, no gap, no duplicate, from the event that added the member.
    expect(seqs).toEqual(upTo(seqs[0], lastSeq));
  }

  it('pushes each room event once, in seq order, to members on either replica', async () => {
    const [alice, bob] = [await registerUser(stack, 'alice'), await registerUser(stack, 'bob')];
    const onFirst = await connect(replicas[0].url, alice.token);
    const onSecond = await connect(replicas[1].url, bob.token);
    await pushingReplica();

    const group = await createGroup(alice, [bob]);
    let last = group.lastSeq;
    for (let i = 0; i < 8; i += 1) last = (await send(i % 2 ? bob : alice, group.id, `m${i}`)).seq;

    await expectEverySeqOnce(onFirst, group.id, last);
    await expectEverySeqOnce(onSecond, group.id, last);
  });

  it('keeps pushing in order through the other replica when the pushing one shuts down', async () => {
    const [alice, bob] = [await registerUser(stack, 'alice'), await registerUser(stack, 'bob')];
    const holder = await pushingReplica();
    const follower = replicas[1 - holder];
    const [aliceSocket, bobSocket] = [
      await connect(follower.url, alice.token),
      await connect(follower.url, bob.token),
    ];

    const group = await createGroup(alice, [bob]);
    let last = group.lastSeq;
    for (let i = 0; i < 3; i += 1) last = (await send(alice, group.id, `before ${i}`)).seq;
    await expectEverySeqOnce(bobSocket, group.id, last);

    await replicas[holder].app.close();
    replicas[holder].closed = true;
    for (let i = 0; i < 3; i += 1) last = (await send(bob, group.id, `after ${i}`)).seq;

    await expectEverySeqOnce(aliceSocket, group.id, last);
    await expectEverySeqOnce(bobSocket, group.id, last);
    expect(await pushingReplica()).toBe(1 - holder);
  });
});
