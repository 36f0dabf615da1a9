import { type RateLimitClass } from './rate-limit-policy';

export type RateLimitSource = 'redis' | 'memory';

/** The answer for one request (or login attempt), with what the headers need. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the quota grows again (the oldest counted request leaves, the window ends, a token arrives). */
  resetSeconds: number;
  /** Only on deny: seconds until a retry can succeed. */
  retryAfterSeconds?: number;
  /** IETF RateLimit-Policy value, e.g. `100;w=60`. */
  policy: string;
  rateLimitClass: RateLimitClass;
  /** Which store decided: Redis, or per-instance memory (disabled, or Redis unavailable). */
  source: RateLimitSource;
}

/** What a store computes; the limiter adds the class, policy and source. */
export interface CountResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetMs: number;
  retryAfterMs?: number;
}

/** Whole seconds, rounded up: a client that waits exactly this long is never early. */
export function toSeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
