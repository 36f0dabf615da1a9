import { MESSAGE_MAX_LENGTH, type MessageView, type RoomEvent } from '@tracera/contracts';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import {
  ack,
  closeSockets,
  connectAs,
  createConversation,
  nextEvent,
  received,
  settled,
  storedEvents,
} from './realtime-sockets';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  retryAfterMs?: number;
}
type Ack = { ok: true; message: MessageView; created: boolean } | { ok: false; error: Problem };

const SEND_LIMIT = 5;

describe('chat over the socket', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let carol: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack({
      withMessaging: true,
      env: { SOCKET_SEND_RATE: `${SEND_LIMIT}/1h` },
    });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
    carol = await registerUser(stack, 'carol');
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await stack?.close();
  });

  const messagesOf = (events: RoomEvent[]) =>
    events.flatMap((event) => (event.type === 'message:created' ? [event.message] : []));

  it('acknowledges a sent message with the stored message; a retry with its clientId posts nothing new', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const socket = await connectAs(stack, alice);

    const sent = await ack<Ack>(socket, 'message:send', {
      conversationId: conversation.id,
      body: 'hello @' + bob.username,
      clientId: 'c-1',
    });
    expect(sent).toMatchObject({
      ok: true,
      created: true,
      message: {
        conversationId: conversation.id,
        senderId: alice.id,
        body: `hello @${bob.username}`,
        clientId: 'c-1',
      },
    });
    const retried = await ack<Ack>(socket, 'message:send', {
      conversationId: conversation.id,
      body: 'hello @' + bob.username,
      clientId: 'c-1',
    });
    expect(retried).toMatchObject({ ok: true, created: false });
    expect(retried.ok && sent.ok && retried.message.id).toBe(sent.ok && sent.message.id);

    const stored = messagesOf(await storedEvents(stack, alice, conversation.id));
    expect(stored.map((message) => message.body)).toEqual([`hello @${bob.username}`]);
  });

  it('answers bad payloads, unknown or foreign conversations and oversized bodies with an error, storing nothing', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const theirs = await createConversation(stack, bob, [carol]);
    const socket = await connectAs(stack, alice);
    const send = (payload: unknown) => ack<Ack>(socket, 'message:send', payload);

    const missing = await send({ conversationId: conversation.id, body: 'no client id' });
    expect(missing).toMatchObject({
      ok: false,
      error: { status: 400, type: 'https://tracera.dev/problems/validation-failed' },
    });
    expect(!missing.ok && missing.error.errors?.map((error) => error.field)).toEqual(['clientId']);

    const extra = await send({ conversationId: conversation.id, body: 'x', clientId: 'c', admin: true });
    expect(!extra.ok && extra.error.errors?.map((error) => error.field)).toEqual(['admin']);

    const oversized = await send({
      conversationId: conversation.id,
      body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1),
      clientId: 'big',
    });
    expect(!oversized.ok && oversized.error.errors?.map((error) => error.field)).toEqual(['body']);

    // Text Postgres cannot store is refused at the edge, like over REST, not failed deep inside (500).
    const nul = await send({ conversationId: conversation.id, body: 'a\u0000b', clientId: 'nul' });
    expect(nul).toMatchObject({ ok: false, error: { status: 400 } });
    expect(!nul.ok && nul.error.errors?.map((error) => error.field)).toEqual(['body']);
    const nulId = await send({ conversationId: conversation.id, body: 'ok', clientId: 'c\u0000' });
    expect(!nulId.ok && nulId.error.errors?.map((error) => error.field)).toEqual(['clientId']);

    for (const payload of [undefined, 'text', [1, 2], { conversationId: 'nope', body: 'x', clientId: 'c' }]) {
      expect(await send(payload)).toMatchObject({ ok: false, error: { status: 400 } });
    }

    const unknown = await send({
      conversationId: '00000000-0000-4000-8000-000000000000',
      body: 'into the void',
      clientId: 'void',
    });
    expect(unknown).toMatchObject({
      ok: false,
      error: { status: 404, type: 'https://tracera.dev/problems/not-found' },
    });
    const foreign = await send({ conversationId: theirs.id, body: 'let me in', clientId: 'x' });
    expect(foreign).toMatchObject({ ok: false, error: { status: 404 } });

    expect(messagesOf(await storedEvents(stack, alice, conversation.id))).toEqual([]);
    expect(messagesOf(await storedEvents(stack, bob, theirs.id))).toEqual([]);
  });

  it('refuses sends past the socket budget with 429 and when to retry', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const socket = await connectAs(stack, bob);
    for (let i = 0; i < SEND_LIMIT; i += 1) {
      expect(
        await ack<Ack>(socket, 'message:send', {
          conversationId: conversation.id,
          body: `m${i}`,
          clientId: `r${i}`,
        }),
      ).toMatchObject({ ok: true, created: true });
    }
    const limited = await ack<Ack>(socket, 'message:send', {
      conversationId: conversation.id,
      body: 'one too many',
      clientId: 'over',
    });
    expect(limited).toMatchObject({
      ok: false,
      error: { status: 429, type: 'https://tracera.dev/problems/rate-limited', title: 'Too many requests' },
    });
    expect(!limited.ok && limited.error.retryAfterMs).toBeGreaterThan(0);
    expect(messagesOf(await storedEvents(stack, bob, conversation.id)).map((m) => m.body)).not.toContain(
      'one too many',
    );

    // The budget belongs to the connection: another socket of the same user has its own.
    const fresh = await connectAs(stack, bob);
    expect(
      await ack<Ack>(fresh, 'message:send', {
        conversationId: conversation.id,
        body: 'again',
        clientId: 'again',
      }),
    ).toMatchObject({ ok: true });
  });

  it('passes typing to the other members only, never to non-members or the sender’s own sockets', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const aliceSocket = await connectAs(stack, alice);
    const aliceOther = await connectAs(stack, alice);
    const bobSocket = await connectAs(stack, bob);
    const carolSocket = await connectAs(stack, carol);
    const seenByAliceOther = received(aliceOther, 'typing');
    const seenByCarol = received(carolSocket, 'typing');

    const bobSees = nextEvent(bobSocket, 'typing');
    expect(await ack(aliceSocket, 'typing', { conversationId: conversation.id, typing: true })).toEqual({
      ok: true,
    });
    expect(await bobSees).toEqual({ conversationId: conversation.id, userId: alice.id, typing: true });
    await Promise.all([settled(aliceOther), settled(carolSocket)]);
    expect(seenByAliceOther).toEqual([]);
    expect(seenByCarol).toEqual([]);

    expect(await ack(carolSocket, 'typing', { conversationId: conversation.id, typing: true })).toMatchObject(
      {
        ok: false,
        error: { status: 404 },
      },
    );
    expect(await ack(aliceSocket, 'typing', { conversationId: conversation.id })).toMatchObject({
      ok: false,
      error: { status: 400 },
    });
  });

  it('resyncs the events after a seq, and refuses a conversation the caller is not in', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const socket = await connectAs(stack, bob);
    for (const body of ['one', 'two', 'three']) {
      await ack(socket, 'message:send', { conversationId: conversation.id, body, clientId: body });
    }
    const all = await ack<{ ok: true; events: RoomEvent[]; hasMore: boolean; lastSeq: number }>(
      socket,
      'resync',
      { conversationId: conversation.id, afterSeq: 0 },
    );
    expect(all.ok).toBe(true);
    // Consecutive, ending at the log's end (a member sees the log from when they joined).
    const seqs = all.events.map((event) => event.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    expect(messagesOf(all.events).map((message) => message.body)).toEqual(['one', 'two', 'three']);
    expect(all.lastSeq).toBe(seqs[seqs.length - 1]);
    expect(all.hasMore).toBe(false);

    const missed = await ack<{ ok: true; events: RoomEvent[] }>(socket, 'resync', {
      conversationId: conversation.id,
      afterSeq: all.lastSeq - 2,
      limit: 1,
    });
    expect(missed).toMatchObject({ ok: true, hasMore: true });
    expect(missed.events.map((event) => event.seq)).toEqual([all.lastSeq - 1]);

    const outsider = await connectAs(stack, carol);
    expect(await ack(outsider, 'resync', { conversationId: conversation.id, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
    for (const afterSeq of [-1, 1.5, 2 ** 40]) {
      expect(await ack(socket, 'resync', { conversationId: conversation.id, afterSeq })).toMatchObject({
        ok: false,
        error: { status: 400, errors: [{ field: 'afterSeq' }] },
      });
    }
  });
});
