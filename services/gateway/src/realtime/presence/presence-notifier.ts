import { Injectable, Logger } from '@nestjs/common';
import { type PresenceStatus, serverEvents } from '@tracera/contracts';
import { RoomMembership } from '../room-membership';
import { rooms } from '../socket-rooms';
import { type ChatServer } from '../socket-session';

/**
 * Pushes `presence {userId, status}` to everyone who shares a conversation with the user (and the user's own
 * other sockets), on every node, in one emit so a socket in several of those rooms gets it once. Presence
 * is lossy by design (pub/sub): a failure is logged and the next change corrects it.
 */
@Injectable()
export class PresenceNotifier {
  private readonly logger = new Logger(PresenceNotifier.name);
  private server?: ChatServer;

  constructor(private readonly membership: RoomMembership) {}

  attach(server: ChatServer): void {
    this.server = server;
  }

  /** `conversationIds` when the caller already knows them, else they are asked of the messaging service. */
  async announce(userId: string, status: PresenceStatus, conversationIds?: readonly string[]): Promise<void> {
    const server = this.server;
    if (!server) return;
    try {
      const ids = conversationIds ?? (await this.membership.conversationIds(userId));
      server
        .to([rooms.user(userId), ...ids.map(rooms.conversation)])
        .emit(serverEvents.presence, { userId, status });
    } catch (error) {
      this.logger.warn(`presence ${status} of ${userId} not announced: ${(error as Error).message}`);
    }
  }
}
