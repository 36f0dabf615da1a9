import { type Role } from '@tracera/contracts';

/** Idle and absolute lifetimes (AUTH_SESSION_IDLE_TIMEOUT, AUTH_SESSION_MAX_AGE). */
export interface SessionPolicy {
  idleMs: number;
  maxAgeMs: number;
}

/** One signed-in session. Times are epoch milliseconds. */
export interface SessionRecord {
  /** Public id (UUIDv7), used by the session list and revocation; not the token, not its hash. */
  id: string;
  userId: string;
  role: Role;
  createdAt: number;
  lastActiveAt: number;
  /** The absolute cap: createdAt + maxAge. */
  absoluteExpiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

export interface NewSession {
  userId: string;
  role: Role;
  ip: string | null;
  userAgent: string | null;
}

/** When the session ends if nobody uses it again. */
export function sessionExpiresAt(record: SessionRecord, policy: SessionPolicy): number {
  return Math.min(record.lastActiveAt + policy.idleMs, record.absoluteExpiresAt);
}
