import { messagingRpc, type ConversationView } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import { io, type Socket } from 'socket.io-client';
import { type ContentStack, type SignedInUser } from './content-stack.fixture';

/** How a test socket presents itself; nothing given: no credential at all. */
export interface SocketCredentials {
  cookie?: string;
  token?: string;
  bearer?: string;
  origin?: string;
}

const ACK_TIMEOUT_MS = 10_000;

function socketOf(url: string, credentials: SocketCredentials): Socket {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = `tracera_session=${credentials.cookie}`;
  if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
  if (credentials.origin) headers.origin = credentials.origin;
  return io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
    ...(credentials.token ? { auth: { token: credentials.token } } : {}),
  });
}

/** Every socket a test opened, closed by {@link closeSockets}. */
const opened = new Set<Socket>();

/** A connected socket, or the `connect_error` as a rejection. */
export function connect(url: string, credentials: SocketCredentials): Promise<Socket> {
  const socket = socketOf(url, credentials);
  opened.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The message of the `connect_error` a handshake is refused with. */
export async function refusal(url: string, credentials: SocketCredentials): Promise<string> {
  try {
    await connect(url, credentials);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the socket was accepted');
}

export function connectAs(stack: ContentStack, user: SignedInUser): Promise<Socket> {
  return connect(stack.gatewayUrl, { cookie: user.token });
}

export function closeSockets(): void {
  for (const socket of opened) socket.close();
  opened.clear();
}

/** Emits and waits for the acknowledgement. */
export function ack<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload?: unknown,
): Promise<T> {
  const timed = socket.timeout(ACK_TIMEOUT_MS);
  return (payload === undefined ? timed.emitWithAck(event) : timed.emitWithAck(event, payload)) as Promise<T>;
}

/** Everything a socket receives of one event, in arrival order. */
export function received<T = Record<string, unknown>>(socket: Socket, event: string): T[] {
  const list: T[] = [];
  socket.on(event, (payload: T) => list.push(payload));
  return list;
}

/** The next `event` matching `predicate`. */
export function nextEvent<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  predicate: (payload: T) => boolean = () => true,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/**
 * Resolves once every packet the server wrote to this socket before now has arrived: packets of one
 * connection arrive in order, so the acknowledgement of a ping comes after them. Lets a test assert that
 * something was NOT delivered without waiting for a time.
 */
export async function settled(socket: Socket): Promise<void> {
  await ack(socket, 'presence:ping', {});
}

/** A conversation made through the messaging RPC (independent of the REST routes). */
export async function createConversation(
  stack: ContentStack,
  owner: SignedInUser,
  members: SignedInUser[],
  type: 'direct' | 'group' = 'group',
): Promise<ConversationView> {
  const { conversation } = await stack.gateway.get(RedisStreamsClient).call(
    messagingRpc.createConversation,
    {
      type,
      memberIds: members.map((member) => member.id),
      userId: owner.id,
      ...(type === 'group' ? { title: 'Test room' } : {}),
    },
    { actor: owner.id },
  );
  return conversation;
}

/** The conversation's stored events after `afterSeq`, through the messaging RPC. */
export async function storedEvents(stack: ContentStack, user: SignedInUser, conversationId: string) {
  const page = await stack.gateway
    .get(RedisStreamsClient)
    .call(
      messagingRpc.conversationEvents,
      { userId: user.id, conversationId, afterSeq: 0, limit: 1000 },
      { actor: user.id },
    );
  return page.events;
}
