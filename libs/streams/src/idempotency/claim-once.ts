import { randomUUID } from 'node:crypto';
import { LuaScript, type RedisConnection } from '@tracera/redis';

/** Proof of a claim, needed to release it: only the claimant's token deletes the key. */
export interface RedisClaim {
  key: string;
  token: string;
}

// Compare-and-delete: a claim that expired and was taken by another delivery is theirs, not ours to drop.
const releaseScript = new LuaScript(
  'release-claim',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/**
 * Claims `key` for `ttlSeconds` with `SET key <token> NX EX ttl`; resolves the claim, or `undefined` when
 * someone (an earlier or concurrent delivery) holds it. For effects outside Postgres (Redis counters,
 * leaderboards, a push sent): unlike {@link runOnce} the claim and the effect are not atomic, so a crash
 * after claiming loses the effect until the claim expires, and the claim only dedupes for `ttlSeconds`.
 * Pick a TTL longer than redelivery can take, and when the effect is itself one Redis script, put the
 * `SET NX` inside that script instead. Release the claim when the effect fails, so a retry can apply it.
 */
export async function claimOnce(
  redis: RedisConnection,
  key: string,
  ttlSeconds: number,
): Promise<RedisClaim | undefined> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new Error(`claimOnce: ttlSeconds must be a positive integer, not ${ttlSeconds}`);
  }
  const token = randomUUID();
  const reply = await redis.set(key, token, 'EX', ttlSeconds, 'NX');
  return reply === 'OK' ? { key, token } : undefined;
}

/** Gives up a claim after a failed effect; false when it had already expired or passed to someone else. */
export async function releaseClaim(redis: RedisConnection, claim: RedisClaim): Promise<boolean> {
  return (await releaseScript.run(redis, [claim.key], [claim.token])) === 1;
}

/**
 * {@link claimOnce}, then `effect`; releases the claim and rethrows when the effect fails. Resolves
 * 'duplicate' without running the effect when the key is already claimed.
 */
export async function runOnceInRedis(
  redis: RedisConnection,
  key: string,
  ttlSeconds: number,
  effect: () => Promise<unknown>,
): Promise<'applied' | 'duplicate'> {
  const claim = await claimOnce(redis, key, ttlSeconds);
  if (!claim) return 'duplicate';
  try {
    await effect();
  } catch (error) {
    // Best effort: if the release fails too, the claim expires after its TTL.
    await releaseClaim(redis, claim).catch(() => false);
    throw error;
  }
  return 'applied';
}
