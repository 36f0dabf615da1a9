import { Injectable } from '@nestjs/common';
import {
  type analyticsEvent,
  type authEvent,
  type EventData,
  type messagingEvent,
  type RoomEvent,
  serverEvents,
} from '@tracera/contracts';
import { SocketRooms } from '../realtime/socket-rooms';

/**
 * Turns the events the gateway consumes into Socket.IO pushes, on every node (through {@link SocketRooms}).
 * Events arrive one at a time in stream order (one replica consumes, concurrency 1), and each call here
 * reaches the other nodes in call order, so a conversation's room events leave in `seq` order.
 */
@Injectable()
export class LiveEventsPusher {
  constructor(private readonly rooms: SocketRooms) {}

  /** Pushes the room event, unchanged, to `conversation:<id>` as socket event `event.type`. */
  pushRoomEvent(event: RoomEvent): void {
    this.ensureServer();
    switch (event.type) {
      case 'member:added':
        // Joined first, so the new member's sockets receive this very event (it tells them of the
        // conversation) and everything after it.
        this.rooms.joinConversation(event.member.userId, event.conversationId);
        this.rooms.emitToConversation(event.conversationId, event.type, event);
        return;
      case 'member:removed':
        // Emitted first, so the removed member learns of the removal; then nothing more reaches them.
        this.rooms.emitToConversation(event.conversationId, event.type, event);
        this.rooms.leaveConversation(event.userId, event.conversationId);
        return;
      default:
        this.rooms.emitToConversation(event.conversationId, event.type, event);
    }
  }

  /** To every socket of the user, on any node. */
  pushNotification({ userId, notification }: EventData<typeof messagingEvent.notificationCreated>): void {
    this.ensureServer();
    this.rooms.emitToUser(userId, serverEvents.notification, { notification });
  }

  /** Every socket of the person hears that they reached a challenge's target. */
  pushChallengeCompleted(data: EventData<typeof analyticsEvent.challengeCompleted>): void {
    this.ensureServer();
    this.rooms.emitToUser(data.userId, serverEvents.challengeCompleted, data);
  }

  /** Sockets signed in with a revoked session are told why and disconnected; the user's others stay. */
  endSessions({ sessionIds, reason }: EventData<typeof authEvent.sessionRevoked>): void {
    this.ensureServer();
    this.rooms.disconnectSessions(sessionIds, reason);
  }

  /** A disabled user's sockets all go, those opened with personal API tokens included. */
  endUser({ userId }: EventData<typeof authEvent.userDisabled>): void {
    this.ensureServer();
    this.rooms.disconnectUser(userId, 'user_disabled');
  }

  /**
   * Consumers start before the Socket.IO server exists (a replica taking over at start-up handles what its
   * predecessor left at once). Pushed then, an event would be acknowledged without reaching the sockets on
   * the other nodes; failing leaves it pending, retried in order once the server is up.
   */
  private ensureServer(): void {
    if (!this.rooms.attached) throw new Error('the Socket.IO server is not up yet');
  }
}
