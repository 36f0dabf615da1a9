import { Injectable } from '@nestjs/common';
import { type Server } from 'socket.io';

/** Room names: the server, never the client, puts sockets in them. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  session: (sessionId: string) => `session:${sessionId}`,
};

/**
 * Everything the gateway does to rooms, on every node: with the Redis adapter each call reaches the sockets
 * wherever they are connected (the calls of one process reach the other nodes in the order they were made).
 * The Socket.IO server is attached once it exists; before that there is nobody to reach.
 */
@Injectable()
export class SocketRooms {
  private server?: Server;

  attach(server: Server): void {
    this.server = server;
  }

  get attached(): boolean {
    return this.server !== undefined;
  }

  emitToConversation(conversationId: string, event: string, payload: unknown): void {
    this.server?.to(rooms.conversation(conversationId)).emit(event, payload);
  }

  emitToUser(userId: string, event: string, payload: unknown): void {
    this.server?.to(rooms.user(userId)).emit(event, payload);
  }

  /** Every socket of the user, on any node, starts receiving the conversation's room events. */
  joinConversation(userId: string, conversationId: string): void {
    this.server?.in(rooms.user(userId)).socketsJoin(rooms.conversation(conversationId));
  }

  /** Every socket of the user, on any node, stops receiving the conversation's room events at once. */
  leaveConversation(userId: string, conversationId: string): void {
    this.server?.in(rooms.user(userId)).socketsLeave(rooms.conversation(conversationId));
  }

  /** Tells every socket of the user why, then disconnects them on every node. */
  disconnectUser(userId: string, reason: string): void {
    if (!this.server) return;
    this.server.to(rooms.user(userId)).emit('session:revoked', { reason });
    this.server.in(rooms.user(userId)).disconnectSockets(true);
  }

  /** Tells the sockets of these sessions why, then disconnects them on every node. */
  disconnectSessions(sessionIds: readonly string[], reason: string): void {
    if (!this.server || sessionIds.length === 0) return;
    const sessionRooms = sessionIds.map(rooms.session);
    this.server.to(sessionRooms).emit('session:revoked', { reason });
    this.server.in(sessionRooms).disconnectSockets(true);
  }
}
