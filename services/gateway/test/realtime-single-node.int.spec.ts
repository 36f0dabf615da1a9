import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import { ack, closeSockets, connectAs, createConversation, nextEvent } from './realtime-sockets';

/** REDIS_PUBSUB_ENABLED=false: no Redis adapter, one gateway keeps its rooms in memory. */
describe('the socket endpoint without Redis pub/sub', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack({ withMessaging: true, env: { REDIS_PUBSUB_ENABLED: 'false' } });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await stack?.close();
  });

  it('still authenticates, sends, relays typing and announces presence on a single node', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const bobSocket = await connectAs(stack, bob);
    const aliceOnline = nextEvent(bobSocket, 'presence', (event) => event.userId === alice.id);
    const aliceSocket = await connectAs(stack, alice);
    expect(await aliceOnline).toEqual({ userId: alice.id, status: 'online' });

    const typing = nextEvent(bobSocket, 'typing');
    expect(await ack(aliceSocket, 'typing', { conversationId: conversation.id, typing: true })).toEqual({
      ok: true,
    });
    expect(await typing).toEqual({ conversationId: conversation.id, userId: alice.id, typing: true });

    expect(
      await ack(aliceSocket, 'message:send', {
        conversationId: conversation.id,
        body: 'solo',
        clientId: 's',
      }),
    ).toMatchObject({ ok: true, created: true, message: { body: 'solo' } });
    expect(await ack(bobSocket, 'resync', { conversationId: conversation.id, afterSeq: 0 })).toMatchObject({
      ok: true,
      events: expect.arrayContaining([expect.objectContaining({ type: 'message:created' })]) as unknown,
    });
  });
});
