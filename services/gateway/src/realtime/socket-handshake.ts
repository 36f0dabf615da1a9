import { Injectable, Logger } from '@nestjs/common';
import { problemForError } from '../http/problem-for-error';
import { PresenceService } from './presence/presence.service';
import { RoomMembership } from './room-membership';
import { SocketAuthenticator } from './socket-authenticator';
import { type ChatSocket } from './socket-session';

/** The `connect_error` messages a client can get; anything else is a transport problem. */
export const HANDSHAKE_REFUSALS = {
  /** No usable credential: sign in again (retrying as-is will not help). */
  unauthorized: 'unauthorized',
  /** Credentials or rooms cannot be checked right now (Redis or a service down): retry with backoff. */
  unavailable: 'unavailable',
} as const;

/** A refused handshake; Socket.IO sends its message to the client as the `connect_error`. */
export class HandshakeRefusedError extends Error {
  constructor(message: (typeof HANDSHAKE_REFUSALS)[keyof typeof HANDSHAKE_REFUSALS]) {
    super(message);
    this.name = 'HandshakeRefusedError';
  }
}

/**
 * Socket.IO middleware work for every new socket, before the server confirms the connection: who it is,
 * which conversations it belongs to, and its first presence heartbeat (so a connected client is counted
 * online). Nothing is joined here: a socket refused later in its handshake must not leave room entries
 * behind; the gateway joins when the socket is connected.
 */
@Injectable()
export class SocketHandshake {
  private readonly logger = new Logger(SocketHandshake.name);

  constructor(
    private readonly authenticator: SocketAuthenticator,
    private readonly membership: RoomMembership,
    private readonly presence: PresenceService,
  ) {}

  async admit(socket: ChatSocket): Promise<void> {
    let principal;
    try {
      principal = await this.authenticator.authenticate(socket.handshake);
    } catch (error) {
      throw this.unavailable(error, 'credentials');
    }
    if (!principal) throw new HandshakeRefusedError(HANDSHAKE_REFUSALS.unauthorized);
    try {
      socket.data.conversationIds = await this.membership.conversationIds(principal.userId);
    } catch (error) {
      throw this.unavailable(error, 'conversation rooms');
    }
    socket.data.principal = principal;
    await this.presence.arrived(socket, socket.data.conversationIds);
  }

  private unavailable(error: unknown, what: string): HandshakeRefusedError {
    const mapped = problemForError(error);
    if (mapped.unexpected) this.logger.error({ err: error }, `socket handshake failed checking ${what}`);
    else this.logger.warn(`socket handshake refused, ${what} unavailable: ${(error as Error).message}`);
    return new HandshakeRefusedError(HANDSHAKE_REFUSALS.unavailable);
  }
}
