import { randomUUID } from 'node:crypto';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@tracera/config';
import { createServiceApp } from '@tracera/platform';
import { sharedInfra } from '@tracera/testing';
import { gatewayService } from '../src/gateway.service-definition';
import { SocketRooms } from '../src/realtime/socket-rooms';
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
} from './realtime-sockets';

/** A second gateway replica on the same Redis prefix and database as the stack's gateway. */
async function startSecondGateway(
  stack: ContentStack,
): Promise<{ app: NestFastifyApplication; url: string }> {
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_ADDR: sharedInfra().redisAddress,
    DATABASE_URL: stack.databaseUrl,
    REDIS_KEY_PREFIX: stack.config.redis.keyPrefix,
    AUTH_COOKIE_SECURE: 'false',
    SOCKET_REDIS_ADAPTER: stack.config.realtime.redisAdapter,
    CONTENT_INTERNAL_URL: await stack.content.getUrl(),
  };
  const app = await createServiceApp(
    gatewayService,
    loadConfig({ service: 'gateway', defaultPort: 8080 }, env),
  );
  await app.startAllMicroservices();
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: await app.getUrl() };
}

describe.each(['classic', 'sharded'])('two gateway replicas (%s Redis adapter)', (adapter) => {
  let stack: ContentStack;
  let second: { app: NestFastifyApplication; url: string } | undefined;
  let alice: SignedInUser;
  let bob: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack({ withMessaging: true, env: { SOCKET_REDIS_ADAPTER: adapter } });
    second = await startSecondGateway(stack);
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await second?.app.close();
    await stack?.close();
  });

  it('delivers typing and presence between sockets on different replicas', async () => {
    const conversation = await createConversation(stack, alice, [bob]);
    const aliceSocket = await connectAs(stack, alice);
    const bobOnline = nextEvent(aliceSocket, 'presence', (event) => event.userId === bob.id);
    const bobSocket = await connect(second!.url, { cookie: bob.token });
    expect(await bobOnline).toEqual({ userId: bob.id, status: 'online' });

    const typing = nextEvent(bobSocket, 'typing');
    await ack(aliceSocket, 'typing', { conversationId: conversation.id, typing: true });
    expect(await typing).toEqual({ conversationId: conversation.id, userId: alice.id, typing: true });

    const away = nextEvent(aliceSocket, 'presence', (event) => event.userId === bob.id);
    await ack(bobSocket, 'presence:ping', { status: 'away' });
    expect(await away).toEqual({ userId: bob.id, status: 'away' });
  });

  it('applies room joins, leaves and pushes in the order they are made, on the calling replica and the other', async () => {
    const carol = await registerUser(stack, 'carol');
    const here = await connectAs(stack, carol);
    const there = await connect(second!.url, { cookie: carol.token });
    const seen = [received(here, 'probe'), received(there, 'probe')];
    const rooms = stack.gateway.get(SocketRooms);
    const conversationId = randomUUID();

    rooms.joinConversation(carol.id, conversationId);
    rooms.emitToConversation(conversationId, 'probe', 1);
    rooms.leaveConversation(carol.id, conversationId);
    rooms.emitToConversation(conversationId, 'probe', 2);
    rooms.joinConversation(carol.id, conversationId);
    rooms.emitToConversation(conversationId, 'probe', 3);
    const done = [nextEvent(here, 'probe:end'), nextEvent(there, 'probe:end')];
    rooms.emitToUser(carol.id, 'probe:end', {});
    // Pushes to one socket arrive in order: after the end marker, nothing earlier is still coming.
    await Promise.all(done);
    expect(seen).toEqual([
      [1, 3],
      [1, 3],
    ]);
  });

  it('on shutdown closes its sockets so clients reconnect elsewhere, and their users go offline', async () => {
    await createConversation(stack, alice, [bob]);
    const aliceSocket = await connectAs(stack, alice);
    const bobSocket = await connect(second!.url, { cookie: bob.token });
    const disconnected = new Promise<string>((resolve) => bobSocket.once('disconnect', resolve));
    const offline = nextEvent(
      aliceSocket,
      'presence',
      (event) => event.userId === bob.id && event.status === 'offline',
    );

    const app = second!.app;
    second = undefined;
    await app.close();

    // A transport close, not a server `disconnect`: Socket.IO clients reconnect by themselves after it.
    expect(await disconnected).toBe('transport close');
    expect(await offline).toEqual({ userId: bob.id, status: 'offline' });
  });
});
