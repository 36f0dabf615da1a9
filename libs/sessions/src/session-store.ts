import { type Role } from '@tracera/contracts';
import { type NewSession, type SessionRecord } from './session-record';

/**
 * Where sessions live: Redis (`RedisSessionStore`, the default) or Postgres (the auth service's store, when
 * REDIS_SESSIONS_ENABLED=false). Both behave the same: only the token's hash is stored, idle expiry slides
 * on every authentication, the absolute cap never moves, and every call names the user it acts for.
 */
export interface SessionStore {
  /** A new session with a fresh token; the token is returned once and only its hash is kept. */
  create(session: NewSession): Promise<{ record: SessionRecord; token: string }>;
  /** The live session for a token, touched (last active now); null when unknown, expired or revoked. */
  authenticate(token: string): Promise<SessionRecord | null>;
  /** The user's live sessions, newest first. */
  list(userId: string): Promise<SessionRecord[]>;
  /** Ends one of the user's sessions; false when the user has no such session (another user's id included). */
  revoke(userId: string, sessionId: string): Promise<boolean>;
  /** Ends all of the user's sessions but `exceptSessionId`; answers the ids it ended. */
  revokeAll(userId: string, exceptSessionId?: string): Promise<string[]>;
  /** Carries a role change into the user's live sessions, so the gateway's checks see it at once. */
  setRole(userId: string, role: Role): Promise<void>;
}

export const SESSION_STORE = Symbol('SESSION_STORE');
