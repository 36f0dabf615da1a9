import { Injectable } from '@nestjs/common';
import { serverEvents, typingPayload } from '@tracera/contracts';
import { forbiddenAck, invalidPayloadAck, notFoundAck, type SocketAck } from './socket-acks';
import { rooms } from './socket-rooms';
import { canWrite, type ChatSocket, socketPrincipal } from './socket-session';

/**
 * `typing`: passed on to the other members' sockets in the conversation's room (never to the sender's own
 * sockets), on every node through the adapter; never stored, so a lost one costs nothing. Only a room the
 * socket is in: the server put it there because the user is a member.
 */
@Injectable()
export class TypingRelay {
  relay(socket: ChatSocket, payload: unknown): SocketAck {
    const parsed = typingPayload.safeParse(payload);
    if (!parsed.success) return invalidPayloadAck(parsed.error);
    const principal = socketPrincipal(socket);
    if (!canWrite(principal)) return forbiddenAck('This API token lacks the "write" scope typing needs.');
    const { conversationId, typing } = parsed.data;
    const room = rooms.conversation(conversationId);
    if (!socket.rooms.has(room)) return notFoundAck('No conversation with this id among yours.');
    socket
      .to(room)
      .except(rooms.user(principal.userId))
      .emit(serverEvents.typing, { conversationId, userId: principal.userId, typing });
    return { ok: true };
  }
}
