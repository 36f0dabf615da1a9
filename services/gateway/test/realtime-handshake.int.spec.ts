import { type Socket } from 'socket.io-client';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import {
  ack,
  closeSockets,
  connect,
  connectAs,
  createConversation,
  nextEvent,
  received,
  refusal,
  settled,
} from './realtime-sockets';

const ALLOWED_ORIGIN = 'https://app.example.test';

describe('Socket.IO handshake and rooms', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack({ withMessaging: true, env: { CORS_ORIGINS: ALLOWED_ORIGIN } });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await stack?.close();
  });

  it('accepts the session cookie, a session token in auth.token, a bearer header and an API token', async () => {
    const created = await alice.client.post('/auth/tokens', { name: 'bot', scopes: ['read', 'write'] });
    expect(created.statusCode).toBe(201);
    const apiToken = created.json<{ secret: string }>().secret;

    const sockets = [
      await connect(stack.gatewayUrl, { cookie: alice.token }),
      await connect(stack.gatewayUrl, { token: alice.token }),
      await connect(stack.gatewayUrl, { bearer: alice.token }),
      await connect(stack.gatewayUrl, { token: apiToken }),
    ];
    for (const socket of sockets) {
      expect(socket.connected).toBe(true);
      expect(await ack(socket, 'presence:ping', {})).toMatchObject({ ok: true, status: 'online' });
    }
  });

  it('refuses a missing, unknown or revoked credential with `unauthorized`', async () => {
    expect(await refusal(stack.gatewayUrl, {})).toBe('unauthorized');
    expect(await refusal(stack.gatewayUrl, { token: 'not-a-token' })).toBe('unauthorized');
    expect(await refusal(stack.gatewayUrl, { cookie: `${alice.token}x` })).toBe('unauthorized');

    const carol = await registerUser(stack, 'carol');
    expect((await carol.client.post('/auth/logout')).statusCode).toBeLessThan(300);
    expect(await refusal(stack.gatewayUrl, { cookie: carol.token })).toBe('unauthorized');
  });

  it('refuses an API token that may not read', async () => {
    const created = await alice.client.post('/auth/tokens', { name: 'writer', scopes: ['write'] });
    expect(created.statusCode).toBe(201);
    expect(await refusal(stack.gatewayUrl, { token: created.json<{ secret: string }>().secret })).toBe(
      'unauthorized',
    );
  });

  it('accepts configured browser origins and refuses others before the handshake', async () => {
    const allowed = await connect(stack.gatewayUrl, { cookie: alice.token, origin: ALLOWED_ORIGIN });
    expect(allowed.connected).toBe(true);

    const message = await refusal(stack.gatewayUrl, { cookie: alice.token, origin: 'https://evil.example' });
    // Refused at the WebSocket upgrade: the socket never reached authentication.
    expect(message).not.toBe('unauthorized');
    expect(message).toMatch(/websocket error/);
  });

  it('puts members in their conversation rooms; a client cannot join a room itself', async () => {
    const mallory = await registerUser(stack, 'mallory');
    const conversation = await createConversation(stack, alice, [bob]);
    const aliceSocket = await connectAs(stack, alice);
    const bobSocket = await connectAs(stack, bob);
    const mallorySocket: Socket = await connectAs(stack, mallory);
    const malloryTyping = received(mallorySocket, 'typing');
    // Socket.IO has no client-side join; a made-up event changes nothing.
    mallorySocket.emit('join', `conversation:${conversation.id}`);
    mallorySocket.emit('subscribe', { room: `conversation:${conversation.id}` });
    expect(
      await ack(mallorySocket, 'typing', { conversationId: conversation.id, typing: true }),
    ).toMatchObject({
      ok: false,
      error: { status: 404 },
    });

    const bobSees = nextEvent(bobSocket, 'typing');
    expect(await ack(aliceSocket, 'typing', { conversationId: conversation.id, typing: true })).toEqual({
      ok: true,
    });
    expect(await bobSees).toEqual({ conversationId: conversation.id, userId: alice.id, typing: true });
    await settled(mallorySocket);
    expect(malloryTyping).toEqual([]);
  });
});
