import { Inject, Injectable, Logger } from '@nestjs/common';
import { authEvent, type IssuedSession } from '@tracera/contracts';
import {
  SESSION_STORE,
  sessionExpiresAt,
  type SessionPolicy,
  type SessionRecord,
  type SessionStore,
} from '@tracera/sessions';
import { Outbox } from '@tracera/streams';
import { type z } from 'zod';
import { type UserEntity } from '../entities/user.entity';
import { SESSION_POLICY } from './session-store.provider';

export type RevokeReason = z.infer<typeof authEvent.sessionRevokeReason>;

export interface SessionClient {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Starts and ends sessions together with their events. The store may be Redis, which cannot join a Postgres
 * transaction, so each event is written right after the store change it reports.
 */
@Injectable()
export class SessionLifecycle {
  private readonly logger = new Logger(SessionLifecycle.name);

  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    @Inject(SESSION_POLICY) readonly policy: SessionPolicy,
    private readonly outbox: Outbox,
  ) {}

  /** A new session with its `session.created` event; if the event cannot be written the session is withdrawn. */
  async issue(user: UserEntity, client: SessionClient): Promise<IssuedSession> {
    const { record, token } = await this.store.create({
      userId: user.id,
      role: user.role,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    try {
      await this.outbox.transaction((_manager, emit) => {
        emit(
          authEvent.sessionCreated,
          { userId: user.id, sessionId: record.id, ip: client.ip, userAgent: client.userAgent },
          { actor: user.id },
        );
        return Promise.resolve();
      });
    } catch (error) {
      await this.store.revoke(user.id, record.id).catch((revokeError: unknown) => {
        this.logger.error(
          { err: revokeError, sessionId: record.id },
          'could not withdraw a session after its event failed',
        );
      });
      throw error;
    }
    return { sessionId: record.id, token, expiresAt: this.expiresAt(record) };
  }

  /** Ends every session of the user but `exceptSessionId`, and reports them in one `session.revoked`. */
  async revokeAll(
    userId: string,
    reason: RevokeReason,
    actor: string,
    exceptSessionId?: string,
  ): Promise<string[]> {
    const ended = await this.store.revokeAll(userId, exceptSessionId);
    await this.reportRevoked(userId, ended, reason, actor);
    return ended;
  }

  /** False when the user has no such session. */
  async revokeOne(userId: string, sessionId: string, reason: RevokeReason): Promise<boolean> {
    const ended = await this.store.revoke(userId, sessionId);
    if (ended) await this.reportRevoked(userId, [sessionId], reason, userId);
    return ended;
  }

  expiresAt(record: SessionRecord): string {
    return new Date(sessionExpiresAt(record, this.policy)).toISOString();
  }

  private async reportRevoked(
    userId: string,
    sessionIds: string[],
    reason: RevokeReason,
    actor: string,
  ): Promise<void> {
    if (sessionIds.length === 0) return;
    // The sessions are already gone; a lost event would only leave sockets open until their next check.
    await this.outbox.transaction((_manager, emit) => {
      emit(authEvent.sessionRevoked, { userId, sessionIds, reason }, { actor });
      return Promise.resolve();
    });
  }
}
