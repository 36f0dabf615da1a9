import { type Socket } from 'socket.io-client';
import { ApiClient, expectProblem } from './gateway-auth.fixture';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import { ack, closeSockets, connectAs, createConversation, nextEvent } from './realtime-sockets';

interface PresenceEvent {
  userId: string;
  status: 'online' | 'away' | 'offline';
}

// Short enough that a silent socket expires within the test, long enough that a busy machine keeps up.
const PRESENCE_TTL = '3s';

describe('presence', () => {
  let stack: ContentStack;

  beforeAll(async () => {
    stack = await startContentStack({ withMessaging: true, env: { PRESENCE_TTL } });
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await stack?.close();
  });

  /** Two users sharing a conversation; `watcher` is connected and sees `subject`'s presence. */
  async function pair(): Promise<{ subject: SignedInUser; watcher: SignedInUser; watcherSocket: Socket }> {
    const subject = await registerUser(stack, 'subject');
    const watcher = await registerUser(stack, 'watcher');
    await createConversation(stack, watcher, [subject]);
    return { subject, watcher, watcherSocket: await connectAs(stack, watcher) };
  }

  const presenceOf = (socket: Socket, userId: string, status: PresenceEvent['status']) =>
    nextEvent<PresenceEvent>(
      socket,
      'presence',
      (event) => event.userId === userId && event.status === status,
    );

  const statusOf = async (viewer: SignedInUser, userId: string) => {
    const response = await viewer.client.get(`/presence?userIds=${userId}`);
    expect(response.statusCode).toBe(200);
    return response.json<{ items: PresenceEvent[] }>().items[0].status;
  };

  it('announces online, away and offline to the people the user shares conversations with', async () => {
    const { subject, watcher, watcherSocket } = await pair();
    expect(await statusOf(watcher, subject.id)).toBe('offline');

    const online = presenceOf(watcherSocket, subject.id, 'online');
    const socket = await connectAs(stack, subject);
    expect(await online).toEqual({ userId: subject.id, status: 'online' });
    expect(await statusOf(watcher, subject.id)).toBe('online');

    const away = presenceOf(watcherSocket, subject.id, 'away');
    expect(await ack(socket, 'presence:ping', { status: 'away' })).toMatchObject({
      ok: true,
      status: 'away',
    });
    await away;
    expect(await statusOf(watcher, subject.id)).toBe('away');

    const offline = presenceOf(watcherSocket, subject.id, 'offline');
    socket.close();
    await offline;
    expect(await statusOf(watcher, subject.id)).toBe('offline');
  });

  it('is online while any socket is online, away when only away ones are left', async () => {
    const { subject, watcher, watcherSocket } = await pair();
    const phone = await connectAs(stack, subject);
    const laptop = await connectAs(stack, subject);
    expect(await ack(phone, 'presence:ping', { status: 'away' })).toMatchObject({
      ok: true,
      status: 'online',
    });

    const away = presenceOf(watcherSocket, subject.id, 'away');
    laptop.close();
    await away;
    expect(await statusOf(watcher, subject.id)).toBe('away');
    expect(await ack(phone, 'presence:ping', {})).toMatchObject({ ok: true, status: 'online' });
  });

  it('takes a socket that stopped pinging as gone after PRESENCE_TTL, and says so', async () => {
    const { subject, watcher, watcherSocket } = await pair();
    const online = presenceOf(watcherSocket, subject.id, 'online');
    const silent = await connectAs(stack, subject);
    await online;
    // The socket stays connected but never pings: as if its gateway node had died.
    await presenceOf(watcherSocket, subject.id, 'offline');
    expect(silent.connected).toBe(true);
    expect(await statusOf(watcher, subject.id)).toBe('offline');

    const back = presenceOf(watcherSocket, subject.id, 'online');
    expect(await ack(silent, 'presence:ping', {})).toMatchObject({ ok: true, status: 'online' });
    await back;
  });

  it('answers GET /presence for several users and checks the query', async () => {
    const { subject, watcher } = await pair();
    const stranger = await registerUser(stack, 'stranger');
    const socket = await connectAs(stack, subject);
    await ack(socket, 'presence:ping', { status: 'away' });
    const response = await watcher.client.get(
      `/presence?userIds=${subject.id},${stranger.id},${subject.id},${watcher.id}`,
    );
    expect(response.json()).toEqual({
      items: [
        { userId: subject.id, status: 'away' },
        { userId: stranger.id, status: 'offline' },
        { userId: watcher.id, status: 'online' },
      ],
    });

    const bad = expectProblem(await watcher.client.get('/presence?userIds=me'), 400, 'validation-failed');
    expect(bad.errors?.[0].field).toMatch(/^userIds/);
    expectProblem(await watcher.client.get('/presence'), 400, 'validation-failed');
    const tooMany = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    expectProblem(
      await watcher.client.get(`/presence?userIds=${tooMany.join(',')}`),
      400,
      'validation-failed',
    );
    expectProblem(
      await new ApiClient(stack.gateway).get(`/presence?userIds=${subject.id}`),
      401,
      'unauthorized',
    );
    const openApi = await stack.gateway.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openApi.json<{ paths: Record<string, unknown> }>().paths['/api/v1/presence']).toMatchObject({
      get: { responses: { 200: expect.anything() as unknown } },
    });
    expect(await ack(socket, 'presence:ping', { status: 'offline' })).toMatchObject({
      ok: false,
      error: { status: 400 },
    });
  });
});
