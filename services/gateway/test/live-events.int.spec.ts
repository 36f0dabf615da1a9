import {
  analyticsEvent,
  createEnvelope,
  envelopeToFields,
  messagingRpc,
  type NotificationView,
  type RoomEvent,
} from '@tracera/contracts';
import { RedisClients } from '@tracera/redis';
import { RedisStreamsClient, StreamNames } from '@tracera/streams';
import { waitFor } from '@tracera/testing';
import { io, type Socket } from 'socket.io-client';
import {
  type ContentStack,
  PASSWORD,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import { ApiClient } from './gateway-auth.fixture';

/** A connected test socket and everything the server pushed to it, in arrival order. */
interface LiveSocket {
  socket: Socket;
  received: { event: string; payload: unknown }[];
  disconnectReason?: string;
}

const ROOM_EVENT = /^(message|reaction|read|member|conversation):/;

/** The room events of one conversation the socket received, in arrival order. */
function roomEventsOf(live: LiveSocket, conversationId: string): RoomEvent[] {
  return live.received
    .filter(({ event }) => ROOM_EVENT.test(event))
    .map(({ payload }) => payload as RoomEvent)
    .filter((event) => event.conversationId === conversationId);
}

function notificationsOf(live: LiveSocket): NotificationView[] {
  return live.received
    .filter(({ event }) => event === 'notification')
    .map(({ payload }) => (payload as { notification: NotificationView }).notification);
}

// Rooms through the Socket.IO Redis adapter (how replicas run) and in memory (REDIS_PUBSUB_ENABLED=false).
describe.each([
  ['the Redis adapter', {}],
  ['in-memory rooms', { REDIS_PUBSUB_ENABLED: 'false' }],
])('live events pushed to sockets with %s (real stack)', (_rooms, env: Record<string, string>) => {
  let stack: ContentStack;
  let rpc: RedisStreamsClient;
  let admin: SignedInUser;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    stack = await startContentStack({ withMessaging: true, env });
    rpc = stack.gateway.get(RedisStreamsClient);
    // The first account of a fresh stack is its admin.
    admin = await registerUser(stack, 'admin');
  });

  afterAll(async () => {
    for (const live of sockets) live.socket.disconnect();
    await stack?.close();
  });

  /** Opens a socket signed in with `token` and waits until the server accepted it. */
  async function connect(token: string): Promise<LiveSocket> {
    const socket = io(stack.gatewayUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    const live: LiveSocket = { socket, received: [] };
    sockets.push(live);
    socket.onAny((event: string, payload: unknown) => live.received.push({ event, payload }));
    socket.on('disconnect', (reason) => {
      live.disconnectReason = reason;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return live;
  }

  const createGroup = async (owner: SignedInUser, members: SignedInUser[]) =>
    (
      await rpc.call(
        messagingRpc.createConversation,
        { userId: owner.id, type: 'group', title: 'Live events', memberIds: members.map((m) => m.id) },
        { actor: owner.id },
      )
    ).conversation;

  const createDirect = async (from: SignedInUser, to: SignedInUser) =>
    (
      await rpc.call(
        messagingRpc.createConversation,
        { userId: from.id, type: 'direct', memberIds: [to.id] },
        { actor: from.id },
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

  /**
   * Pushes leave in stream order and each socket receives in order, so once `live` got the newest event of
   * another conversation, it has everything pushed to it before: what it lacks by then never comes.
   */
  async function drain(live: LiveSocket, user: SignedInUser, other: SignedInUser): Promise<void> {
    const marker = await createDirect(other, user);
    const sent = await send(other, marker.id, `marker ${Date.now()}`);
    await waitFor(() => roomEventsOf(live, marker.id).some((e) => e.seq === sent.seq), {
      timeoutMs: 10_000,
      description: 'the marker message',
    });
  }

  it('pushes a conversation to its members in seq order, each from the event that added them, and never to others', async () => {
    const [alice, bob, carol] = [
      await registerUser(stack, 'alice'),
      await registerUser(stack, 'bob'),
      await registerUser(stack, 'carol'),
    ];
    const [aliceSocket, bobSocket, carolSocket] = [
      await connect(alice.token),
      await connect(bob.token),
      await connect(carol.token),
    ];

    const group = await createGroup(alice, [bob]);
    for (let i = 1; i <= 6; i += 1) await send(i % 2 === 0 ? bob : alice, group.id, `message ${i}`);
    const lastSeq = (
      await rpc.call(
        messagingRpc.getConversation,
        { userId: alice.id, conversationId: group.id },
        { actor: alice.id },
      )
    ).conversation.lastSeq;

    for (const [live, user] of [
      [aliceSocket, alice],
      [bobSocket, bob],
    ] as const) {
      await waitFor(() => roomEventsOf(live, group.id).some((e) => e.seq === lastSeq), {
        timeoutMs: 10_000,
        description: `${user.username} got seq ${lastSeq}`,
      });
      const events = roomEventsOf(live, group.id);
      const seqs = events.map((e) => e.seq);
      // Contiguous and ascending from the event that put the member in the room: no gap, no duplicate.
      const joinedAt = events.find((e) => e.type === 'member:added' && e.member.userId === user.id);
      expect(joinedAt).toBeDefined();
      expect(seqs[0]).toBe(joinedAt?.seq);
      expect(seqs).toEqual(Array.from({ length: lastSeq - seqs[0] + 1 }, (_, i) => seqs[0] + i));
      expect(events.flatMap((e) => (e.type === 'message:created' ? [e.message.body] : []))).toEqual(
        Array.from({ length: 6 }, (_, i) => `message ${i + 1}`),
      );
    }

    await drain(carolSocket, carol, alice);
    expect(roomEventsOf(carolSocket, group.id)).toEqual([]);
  });

  it('stops pushing to a removed member at once and starts with a new member from their member:added', async () => {
    const [alice, bob, carol] = [
      await registerUser(stack, 'alice'),
      await registerUser(stack, 'bob'),
      await registerUser(stack, 'carol'),
    ];
    const [bobSocket, carolSocket] = [await connect(bob.token), await connect(carol.token)];
    const group = await createGroup(alice, [bob]);
    await waitFor(() => roomEventsOf(bobSocket, group.id).some((e) => e.seq === group.lastSeq), {
      timeoutMs: 10_000,
      description: 'bob got the conversation',
    });

    await rpc.call(
      messagingRpc.removeMember,
      { userId: alice.id, conversationId: group.id, memberUserId: bob.id },
      { actor: alice.id },
    );
    const whileNobody = await send(alice, group.id, 'bob is gone, carol not there yet');
    await rpc.call(
      messagingRpc.addMembers,
      { userId: alice.id, conversationId: group.id, userIds: [carol.id] },
      { actor: alice.id },
    );
    const forCarol = await send(alice, group.id, 'welcome carol');

    await waitFor(() => roomEventsOf(carolSocket, group.id).some((e) => e.seq === forCarol.seq), {
      timeoutMs: 10_000,
      description: 'carol got the welcome',
    });
    const carolEvents = roomEventsOf(carolSocket, group.id);
    expect(carolEvents.map((e) => e.type)).toEqual(['member:added', 'message:created']);
    expect(carolEvents[0]).toMatchObject({ type: 'member:added', member: { userId: carol.id } });
    expect(carolEvents.map((e) => e.seq)).not.toContain(whileNobody.seq);

    await drain(bobSocket, bob, alice);
    const bobEvents = roomEventsOf(bobSocket, group.id);
    // Bob learns of his removal, and nothing after it.
    const removal = bobEvents.findIndex((e) => e.type === 'member:removed');
    expect(bobEvents[removal]).toMatchObject({ userId: bob.id, conversation: { id: group.id } });
    expect(bobEvents.slice(removal + 1)).toEqual([]);
  });

  it('gives a member added and removed back to back both events and nothing after them', async () => {
    const [alice, bob, carol] = [
      await registerUser(stack, 'alice'),
      await registerUser(stack, 'bob'),
      await registerUser(stack, 'carol'),
    ];
    const group = await createGroup(alice, [bob]);
    const carolSocket = await connect(carol.token);
    // Three pushes in quick succession: the removal must hold however soon the next push follows.
    await rpc.call(
      messagingRpc.addMembers,
      { userId: alice.id, conversationId: group.id, userIds: [carol.id] },
      { actor: alice.id },
    );
    await rpc.call(
      messagingRpc.removeMember,
      { userId: alice.id, conversationId: group.id, memberUserId: carol.id },
      { actor: alice.id },
    );
    await send(alice, group.id, 'carol must not see this');

    await drain(carolSocket, carol, alice);
    expect(roomEventsOf(carolSocket, group.id).map((e) => e.type)).toEqual([
      'member:added',
      'member:removed',
    ]);
  });

  it('pushes a notification to every socket of its user only', async () => {
    const [alice, bob] = [await registerUser(stack, 'alice'), await registerUser(stack, 'bob')];
    const [aliceSocket, bobPhone, bobLaptop] = [
      await connect(alice.token),
      await connect(bob.token),
      await connect(bob.token),
    ];
    const direct = await createDirect(alice, bob);
    const message = await send(alice, direct.id, 'are you there?');

    for (const live of [bobPhone, bobLaptop]) {
      await waitFor(() => notificationsOf(live).some((n) => n.messageId === message.id), {
        timeoutMs: 10_000,
        description: "bob's notification",
      });
      expect(notificationsOf(live).find((n) => n.messageId === message.id)).toMatchObject({
        kind: 'direct_message',
        conversationId: direct.id,
        actorId: alice.id,
      });
    }
    await drain(aliceSocket, alice, bob);
    expect(notificationsOf(aliceSocket).filter((n) => n.messageId === message.id)).toEqual([]);
  });

  it('tells every socket of a person, and nobody else, that they completed a challenge', async () => {
    const [alice, bob] = [await registerUser(stack, 'alice'), await registerUser(stack, 'bob')];
    const [alicePhone, aliceLaptop, bobSocket] = [
      await connect(alice.token),
      await connect(alice.token),
      await connect(bob.token),
    ];
    const data = {
      userId: alice.id,
      challengeId: crypto.randomUUID(),
      title: 'Ten tasks',
      metric: 'tasks_completed' as const,
      target: 10,
      score: 10,
      completedAt: new Date().toISOString(),
    };
    // As analytics' outbox relay would publish it.
    const envelope = createEnvelope({ type: analyticsEvent.challengeCompleted.type, actor: alice.id, data });
    const stream = stack.gateway.get(StreamNames).events('analytics');
    await stack.gateway.get(RedisClients).core.xadd(stream, '*', ...envelopeToFields(envelope));

    const completions = (live: LiveSocket) =>
      live.received.filter(({ event }) => event === 'challenge:completed').map(({ payload }) => payload);
    for (const live of [alicePhone, aliceLaptop]) {
      await waitFor(() => completions(live).length > 0, { description: "alice's challenge:completed" });
      expect(completions(live)).toEqual([data]);
    }
    await drain(bobSocket, bob, alice);
    expect(completions(bobSocket)).toEqual([]);
  });

  it('disconnects the sockets of a revoked session, telling them why, and keeps the user’s other sessions', async () => {
    const bob = await registerUser(stack, 'bob');
    const alice = await registerUser(stack, 'alice');
    const login = await new ApiClient(stack.gateway, '198.51.100.251').post('/auth/login', {
      login: bob.username,
      password: PASSWORD,
    });
    expect(login.statusCode).toBe(200);
    const secondToken = login.json<{ token: string }>().token;
    const [kept, revoked] = [await connect(bob.token), await connect(secondToken)];

    const sessions = (await bob.client.get('/auth/sessions')).json<{
      items: { id: string; current: boolean }[];
    }>().items;
    const other = sessions.find((session) => !session.current);
    expect(other).toBeDefined();
    const response = await bob.client.delete(`/auth/sessions/${other?.id}`);
    expect(response.statusCode).toBe(204);

    await waitFor(() => revoked.disconnectReason !== undefined, {
      timeoutMs: 10_000,
      description: 'the revoked session’s socket disconnected',
    });
    expect(revoked.disconnectReason).toBe('io server disconnect');
    const notice = revoked.received.find((r) => r.event === 'session:revoked')?.payload as
      { reason?: unknown } | undefined;
    expect(typeof notice?.reason).toBe('string');
    // The other session's socket still receives what is pushed to bob.
    await drain(kept, bob, alice);
    expect(kept.socket.connected).toBe(true);
    expect(kept.received.some((r) => r.event === 'session:revoked')).toBe(false);
  });

  it('disconnects every socket of a disabled user, those opened with an API token included', async () => {
    const bob = await registerUser(stack, 'bob');
    const created = await bob.client.post('/auth/tokens', { name: 'bot', scopes: ['read', 'write'] });
    expect(created.statusCode).toBe(201);
    const [withSession, withToken] = [
      await connect(bob.token),
      await connect(created.json<{ secret: string }>().secret),
    ];

    const disabled = await admin.client.patch(`/admin/users/${bob.id}`, { disabled: true });
    expect(disabled.statusCode).toBe(200);

    for (const live of [withSession, withToken]) {
      await waitFor(() => live.disconnectReason !== undefined, {
        timeoutMs: 10_000,
        description: 'the disabled user’s socket disconnected',
      });
      expect(live.disconnectReason).toBe('io server disconnect');
    }
    const notice = withToken.received.find((r) => r.event === 'session:revoked')?.payload;
    expect(notice).toEqual({ reason: 'user_disabled' });
  });
});
