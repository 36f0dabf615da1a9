import { RedisAdapter, type RedisAdapterOptions } from '@socket.io/redis-adapter';

type AdapterOptions = Parameters<RedisAdapter['addSockets']>[0];
type Rooms = Parameters<RedisAdapter['addSockets']>[1];

/** Request types of the classic adapter whose own echo must not be applied again (see below). */
const REMOTE_JOIN = 2;
const REMOTE_LEAVE = 3;
const REMOTE_DISCONNECT = 4;
const ROOM_REQUESTS = new Set([REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT]);

/** The in-memory adapter the Redis one extends: applies joins, leaves and disconnects to local sockets. */
const localAdapter = Object.getPrototypeOf(RedisAdapter.prototype) as Pick<
  RedisAdapter,
  'addSockets' | 'delSockets' | 'disconnectSockets'
>;
const forwardRequest = (
  RedisAdapter.prototype as unknown as {
    onrequest: (this: RedisAdapter, channel: unknown, message: Buffer) => Promise<void>;
  }
).onrequest;

/**
 * The classic adapter, with joins, leaves and disconnects applied to this node's sockets at once. Upstream
 * applies them locally only when its own request comes back from Redis, while a broadcast reaches local
 * sockets at once, so `socketsJoin(room)` then `to(room).emit()` missed a local new member, and
 * `socketsLeave` then `emit` still reached a local removed one: SocketRooms' calls must take effect in the
 * order they are made, on this node as on the others (which get them in publish order).
 */
class LocalFirstRedisAdapter extends RedisAdapter {
  override addSockets(options: AdapterOptions, rooms: Rooms): void {
    if (!options.flags?.local) localAdapter.addSockets.call(this, options, rooms);
    super.addSockets(options, rooms);
  }

  override delSockets(options: AdapterOptions, rooms: Rooms): void {
    if (!options.flags?.local) localAdapter.delSockets.call(this, options, rooms);
    super.delSockets(options, rooms);
  }

  override disconnectSockets(options: AdapterOptions, close: boolean): void {
    if (!options.flags?.local) localAdapter.disconnectSockets.call(this, options, close);
    super.disconnectSockets(options, close);
  }
}

// A private method upstream, so replaced on the prototype: our own room requests were applied already.
Object.defineProperty(LocalFirstRedisAdapter.prototype, 'onrequest', {
  value: function onrequest(
    this: RedisAdapter,
    channel: unknown,
    message: Buffer,
  ): Promise<void> | undefined {
    if (isOwnRoomRequest(message, this.uid as string)) return undefined;
    return forwardRequest.call(this, channel, message);
  },
});

function isOwnRoomRequest(message: Buffer, uid: string): boolean {
  // Room requests are JSON; other requests (MessagePack) are not ours to filter.
  if (message[0] !== 0x7b) return false;
  try {
    const request = JSON.parse(message.toString()) as { uid?: unknown; type?: unknown };
    return request.uid === uid && ROOM_REQUESTS.has(request.type as number);
  } catch {
    return false;
  }
}

export function localFirstRedisAdapter(
  publisher: unknown,
  subscriber: unknown,
  options: Partial<RedisAdapterOptions>,
) {
  // A function, not an arrow: Socket.IO calls it with `new`, and the adapter it returns is the result.
  return function adapter(namespace: unknown) {
    return new LocalFirstRedisAdapter(namespace, publisher, subscriber, options);
  };
}
