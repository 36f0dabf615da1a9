import { type CountResult } from './rate-limit-decision';
import { type LoginPolicy, type RequestPolicy } from './rate-limit-policy';
import { type LoginFailures, type RateLimitStore } from './rate-limit-store';
import { TokenBucket } from './token-bucket';

interface Expiring<T> {
  expiresAt: number;
  state: T;
}

/**
 * A map that forgets expired entries and, past `maxEntries`, the least recently used one, so many distinct
 * subjects (an attacker rotating IPs) cost bounded memory. Map iteration order is insertion order, so
 * re-inserting on use keeps the least recently used entry first.
 */
export class BoundedExpiringMap<T> {
  private readonly entries = new Map<string, Expiring<T>>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new Error('maxEntries must be a whole number ≥ 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.state;
  }

  set(key: string, state: T, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: this.now() + ttlMs, state });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Milliseconds until `key` is forgotten; 0 when it is not held. */
  expiresInMs(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.expiresAt - this.now()) : 0;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export interface MemoryRateLimitStoreOptions {
  /** Subjects remembered per algorithm; the least recently seen are forgotten first. Default 20 000. */
  maxSubjects?: number;
  /** Injectable clock (ms) for tests. */
  now?: () => number;
}

interface FixedWindow {
  window: number;
  count: number;
}

/**
 * Per-instance counts with the Redis scripts' semantics: used when rate limiting is configured off
 * Redis and, through {@link RateLimiter}, while Redis is unavailable.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly now: () => number;
  private readonly sliding: BoundedExpiringMap<number[]>;
  private readonly fixed: BoundedExpiringMap<FixedWindow>;
  private readonly buckets: BoundedExpiringMap<TokenBucket>;
  private readonly login: BoundedExpiringMap<number>;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    const max = options.maxSubjects ?? 20_000;
    this.sliding = new BoundedExpiringMap(max, this.now);
    this.fixed = new BoundedExpiringMap(max, this.now);
    this.buckets = new BoundedExpiringMap(max, this.now);
    this.login = new BoundedExpiringMap(max, this.now);
  }

  /** Subjects held right now, per algorithm (for tests and diagnostics). */
  sizes(): { sliding: number; fixed: number; buckets: number; login: number } {
    return {
      sliding: this.sliding.size,
      fixed: this.fixed.size,
      buckets: this.buckets.size,
      login: this.login.size,
    };
  }

  consume(key: string, policy: RequestPolicy): Promise<CountResult> {
    const windowMs = policy.windowSeconds * 1000;
    switch (policy.algorithm) {
      case 'sliding-window':
        return Promise.resolve(this.slidingWindow(key, policy.limit, windowMs));
      case 'fixed-window':
        return Promise.resolve(this.fixedWindow(key, policy.limit, windowMs));
      case 'token-bucket':
        return Promise.resolve(this.tokenBucket(key, policy.limit, windowMs));
    }
  }

  private slidingWindow(key: string, limit: number, windowMs: number): CountResult {
    const now = this.now();
    const times = (this.sliding.get(key) ?? []).filter((t) => t > now - windowMs);
    const allowed = times.length < limit;
    if (allowed) times.push(now);
    if (times.length > 0) this.sliding.set(key, times, times[times.length - 1] + windowMs - now);
    const resetMs = times.length > 0 ? times[0] + windowMs - now : 0;
    return result(allowed, limit, limit - times.length, resetMs);
  }

  private fixedWindow(key: string, limit: number, windowMs: number): CountResult {
    const now = this.now();
    const window = Math.floor(now / windowMs);
    const stored = this.fixed.get(key);
    let count = stored?.window === window ? stored.count : 0;
    const resetMs = (window + 1) * windowMs - now;
    const allowed = count < limit;
    if (allowed) {
      count += 1;
      this.fixed.set(key, { window, count }, resetMs);
    }
    return result(allowed, limit, limit - count, resetMs);
  }

  private tokenBucket(key: string, capacity: number, windowMs: number): CountResult {
    const bucket = this.buckets.get(key) ?? new TokenBucket(capacity, windowMs, this.now);
    const decision = bucket.take();
    if (decision.allowed) this.buckets.set(key, bucket, decision.fullInMs);
    return result(decision.allowed, capacity, decision.remaining, decision.retryAfterMs);
  }

  loginFailures(key: string): Promise<LoginFailures> {
    return Promise.resolve(this.loginState(key));
  }

  addLoginFailure(key: string, policy: LoginPolicy): Promise<LoginFailures> {
    const current = this.loginState(key);
    if (current.failures < policy.maxFailures) {
      this.login.set(key, current.failures + 1, policy.windowSeconds * 1000);
    }
    return Promise.resolve(this.loginState(key));
  }

  clearLoginFailures(key: string): Promise<void> {
    this.login.delete(key);
    return Promise.resolve();
  }

  private loginState(key: string): LoginFailures {
    const failures = this.login.get(key);
    if (failures === undefined) return { failures: 0, expiresInMs: 0 };
    return { failures, expiresInMs: this.login.expiresInMs(key) };
  }
}

function result(allowed: boolean, limit: number, remaining: number, resetMs: number): CountResult {
  return {
    allowed,
    limit,
    remaining: Math.max(0, remaining),
    resetMs,
    ...(allowed ? {} : { retryAfterMs: resetMs }),
  };
}
