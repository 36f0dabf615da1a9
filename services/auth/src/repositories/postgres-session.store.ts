import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { type Role } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import {
  hashSecret,
  type NewSession,
  newSessionToken,
  type SessionPolicy,
  type SessionRecord,
  type SessionStore,
} from '@tracera/sessions';
import { Not, type Repository } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { SessionEntity } from '../entities/session.entity';

/** Session ids are UUIDv7; anything else names no session (and must not reach a uuid column). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sessions in `auth.sessions`, for REDIS_SESSIONS_ENABLED=false, with the Redis store's semantics: only the
 * token's hash is kept, idle expiry slides on every authentication, the absolute cap never moves.
 */
@Injectable()
export class PostgresSessionStore implements SessionStore {
  private readonly policy: SessionPolicy;

  constructor(
    private readonly connector: DatabaseConnector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = { idleMs: config.auth.sessionIdleMs, maxAgeMs: config.auth.sessionMaxAgeMs };
  }

  private get sessions(): Repository<SessionEntity> {
    return this.connector.dataSource.getRepository(SessionEntity);
  }

  async create(session: NewSession): Promise<{ record: SessionRecord; token: string }> {
    const { secret, hash } = newSessionToken();
    const now = Date.now();
    const row: SessionEntity = {
      id: uuidv7(),
      userId: session.userId,
      tokenHash: hash,
      role: session.role,
      createdAt: new Date(now),
      lastActiveAt: new Date(now),
      absoluteExpiresAt: new Date(now + this.policy.maxAgeMs),
      ip: session.ip,
      userAgent: session.userAgent,
    };
    await this.sessions.insert(row);
    return { record: toRecord(row), token: secret };
  }

  async authenticate(token: string): Promise<SessionRecord | null> {
    const now = Date.now();
    // One statement: touches only a live session, so an expired one can never be revived by a race.
    const result = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ lastActiveAt: new Date(now) })
      .where('token_hash = :hash', { hash: hashSecret(token) })
      .andWhere('last_active_at > :idleCutoff', { idleCutoff: new Date(now - this.policy.idleMs) })
      .andWhere('absolute_expires_at > :now', { now: new Date(now) })
      .returning('*')
      .execute();
    const rows = result.raw as RawSessionRow[];
    return rows.length === 1 ? fromRaw(rows[0]) : null;
  }

  async list(userId: string): Promise<SessionRecord[]> {
    await this.pruneExpired(userId);
    const rows = await this.sessions.find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map(toRecord);
  }

  async revoke(userId: string, sessionId: string): Promise<boolean> {
    if (!UUID.test(sessionId)) return false;
    const result = await this.sessions.delete({ id: sessionId, userId });
    return (result.affected ?? 0) > 0;
  }

  async revokeAll(userId: string, exceptSessionId?: string): Promise<string[]> {
    await this.pruneExpired(userId);
    const result = await this.sessions
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId', { userId })
      .andWhere(
        exceptSessionId !== undefined && UUID.test(exceptSessionId) ? 'id <> :exceptSessionId' : 'TRUE',
        {
          exceptSessionId,
        },
      )
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((row) => row.id);
  }

  async setRole(userId: string, role: Role): Promise<void> {
    await this.sessions.update({ userId, role: Not(role) }, { role });
  }

  /** Expired rows are dead weight: removed when their owner lists or revokes (as Redis prunes its set). */
  private async pruneExpired(userId: string): Promise<void> {
    const now = Date.now();
    await this.sessions
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId', { userId })
      .andWhere('(last_active_at <= :idleCutoff OR absolute_expires_at <= :now)', {
        idleCutoff: new Date(now - this.policy.idleMs),
        now: new Date(now),
      })
      .execute();
  }
}

/** A row as `RETURNING *` hands it back: column names, not properties. */
interface RawSessionRow {
  id: string;
  user_id: string;
  role: Role;
  created_at: Date;
  last_active_at: Date;
  absolute_expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

function fromRaw(row: RawSessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    role: row.role,
    createdAt: row.created_at.getTime(),
    lastActiveAt: row.last_active_at.getTime(),
    absoluteExpiresAt: row.absolute_expires_at.getTime(),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

function toRecord(row: SessionEntity): SessionRecord {
  return {
    id: row.id,
    userId: row.userId,
    role: row.role,
    createdAt: row.createdAt.getTime(),
    lastActiveAt: row.lastActiveAt.getTime(),
    absoluteExpiresAt: row.absoluteExpiresAt.getTime(),
    ip: row.ip,
    userAgent: row.userAgent,
  };
}
