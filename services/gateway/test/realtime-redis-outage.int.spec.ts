import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { startThrowawayRedis, waitFor } from '@tracera/testing';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import { ack, closeSockets, connectAs, createConversation, refusal } from './realtime-sockets';

/** The whole stack on a Redis of its own, which the test stops and starts again. */
describe('the socket endpoint while Redis is down', () => {
  let redis: EmbeddedRedis;
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    redis = await startThrowawayRedis({ persistence: true });
    stack = await startContentStack({ withMessaging: true, env: { REDIS_ADDR: redis.address } });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it('refuses new sockets with `unavailable`, answers sends with 503, then drops its sockets to resync and recovers without a restart', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const socket = await connectAs(stack, alice);

    await redis.stop();
    expect(await refusal(stack.gatewayUrl, { cookie: bob.token })).toBe('unavailable');
    expect(
      await ack(socket, 'message:send', { conversationId: conversation.id, body: 'lost?', clientId: 'o1' }),
    ).toMatchObject({ ok: false, error: { status: 503 } });
    // Typing is pub/sub only: it may be lost, but the socket and the process carry on.
    expect(await ack(socket, 'typing', { conversationId: conversation.id, typing: true })).toEqual({
      ok: true,
    });

    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await redis.start();
    // Pushes from other nodes were lost while the adapter was cut off: the node closes its sockets'
    // transports so each client reconnects and resyncs from its last seq.
    expect(await dropped).toBe('transport close');
    await waitFor(
      async () => {
        const again = await connectAs(stack, alice).catch(() => undefined);
        if (!again) return false;
        const sent = await ack<{ ok: boolean }>(again, 'message:send', {
          conversationId: conversation.id,
          body: 'back',
          clientId: 'o2',
        });
        return sent.ok;
      },
      { timeoutMs: 20_000, description: 'a reconnected socket to send again' },
    );
    const bobSocket = await connectAs(stack, bob);
    expect(await ack(bobSocket, 'presence:ping', {})).toMatchObject({ ok: true, status: 'online' });
  });
});
