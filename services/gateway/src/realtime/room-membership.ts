import { Injectable } from '@nestjs/common';
import { messagingRpc } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import { rooms } from './socket-rooms';
import { type ChatSocket, type SocketSession } from './socket-session';

/**
 * Which rooms a socket is in; only the server puts sockets in rooms (clients have no join event).
 *
 * A socket joins `user:<id>` and `session:<id>` and the rooms of the conversations the messaging service
 * listed at the handshake. Membership can change while that list is in flight: the live-events consumer
 * reaches the user's sockets through `user:<id>`, but a socket still in its handshake is not reachable yet, so
 * after joining the list is fetched once more and the difference applied. A removal or addition committed
 * before the second read is in that answer; one committed after it reaches the socket through `user:<id>`.
 */
@Injectable()
export class RoomMembership {
  constructor(private readonly rpc: RedisStreamsClient) {}

  async conversationIds(userId: string): Promise<string[]> {
    const { conversationIds } = await this.rpc.call(
      messagingRpc.conversationRooms,
      { userId },
      { actor: userId },
    );
    return conversationIds;
  }

  /** Synchronous on purpose: called as the socket connects, so it is in its rooms before its first event. */
  joinAtConnect(socket: ChatSocket, session: SocketSession): void {
    const { principal } = session;
    void socket.join([
      rooms.user(principal.userId),
      ...(principal.sessionId === undefined ? [] : [rooms.session(principal.sessionId)]),
      ...session.conversationIds.map(rooms.conversation),
    ]);
  }

  /** Applies the current membership to a connected socket; returns the conversations it is now in. */
  async reconcile(socket: ChatSocket, session: SocketSession): Promise<string[]> {
    const current = await this.conversationIds(session.principal.userId);
    if (!socket.connected) return current;
    const wanted = new Set(current);
    for (const id of current) {
      if (!session.conversationIds.includes(id)) void socket.join(rooms.conversation(id));
    }
    for (const id of session.conversationIds) {
      if (!wanted.has(id)) void socket.leave(rooms.conversation(id));
    }
    return current;
  }
}
