import { Logger, type LoggerService } from '@nestjs/common';
import { type UserView, userView } from '@tracera/contracts';
import { CircuitBreaker, type RedisConnection, RedisKeys } from '@tracera/redis';

/** ARCHITECTURE §6: user profiles are cached for 15 minutes. */
export const USER_PROFILE_TTL_MS = 15 * 60_000;

export interface UserProfileCacheOptions {
  /** The cache role's connection; without it (REDIS_CACHE_ENABLED=false) nothing is cached. */
  redis?: RedisConnection;
  keyPrefix: string;
  ttlMs?: number;
  logger?: LoggerService;
}

/**
 * The user profile as `GET /auth/me` shows it, cached in the cache Redis so the gateway answers without asking
 * the auth service. The auth service is its only writer: it overwrites the entry after every committed
 * change (`put`) and fills a missing one when it reads the profile (`fill`, SET NX), so a fill that read the
 * row before a change can never overwrite the change's entry. Cache errors fall through to the source.
 */
export class UserProfileCache {
  private readonly keys: RedisKeys;
  private readonly ttlMs: number;
  private readonly breaker: CircuitBreaker;

  constructor(private readonly options: UserProfileCacheOptions) {
    this.keys = new RedisKeys(options.keyPrefix);
    this.ttlMs = options.ttlMs ?? USER_PROFILE_TTL_MS;
    this.breaker = new CircuitBreaker({
      name: 'user-profile-cache',
      failureThreshold: 3,
      resetTimeoutMs: 5000,
      callTimeoutMs: 250,
      logger: options.logger ?? new Logger('UserProfileCache'),
    });
  }

  key(userId: string): string {
    return this.keys.key('c', 'user', userId);
  }

  /** The cached profile, or undefined on a miss, a malformed entry or any cache failure. */
  async get(userId: string): Promise<UserView | undefined> {
    const redis = this.options.redis;
    if (!redis) return undefined;
    const raw = await this.breaker.execute(
      () => redis.get(this.key(userId)),
      () => null,
    );
    if (raw === null) return undefined;
    const parsed = userView.safeParse(safeJson(raw));
    return parsed.success && parsed.data.id === userId ? parsed.data : undefined;
  }

  /** Caches a profile just read from the database, unless a writer got there first. */
  fill(user: UserView): Promise<void> {
    return this.write(user, true);
  }

  /** Caches a profile just changed and committed. */
  put(user: UserView): Promise<void> {
    return this.write(user, false);
  }

  /**
   * Drops the entry, for consumers of `user.updated`: should the writer's `put` have failed (cache down),
   * the event still removes the stale profile once it is processed.
   */
  async invalidate(userId: string): Promise<void> {
    const redis = this.options.redis;
    if (!redis) return;
    await this.breaker.execute(
      () => redis.del(this.key(userId)),
      () => 0,
    );
  }

  private async write(user: UserView, onlyIfMissing: boolean): Promise<void> {
    const redis = this.options.redis;
    if (!redis) return;
    const key = this.key(user.id);
    const value = JSON.stringify(user);
    await this.breaker.execute(
      () =>
        onlyIfMissing
          ? redis.set(key, value, 'PX', this.ttlMs, 'NX')
          : redis.set(key, value, 'PX', this.ttlMs),
      () => null,
    );
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
