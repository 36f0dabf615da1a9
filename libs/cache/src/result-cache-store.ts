import { isCluster, LuaScript, type RedisConnection } from '@tracera/redis';

/**
 * How long a user's generation key lives after its last use. Correctness does not depend on it (a lost key
 * restarts from the server clock, above every generation used before); it only has to outlive the entries.
 */
export const GENERATION_TTL_MS = 24 * 60 * 60_000;

// A missing generation (never set, expired or evicted under allkeys-lru) restarts at the server's clock in
// microseconds, so it can never fall back to a number whose entries may still be alive.
const CLOCK_GENERATION = `local t = redis.call('TIME')
local g = t[1] .. string.format('%06d', tonumber(t[2]))`;

/** KEYS: generation. ARGV: generation TTL. The current generation, created when missing. */
const ENSURE_GENERATION = new LuaScript(
  'result-cache-ensure-generation',
  `local current = redis.call('GET', KEYS[1])
if current then return current end
${CLOCK_GENERATION}
redis.call('SET', KEYS[1], g, 'PX', ARGV[1])
return g`,
);

/** KEYS: generation. ARGV: generation TTL. One INCR; entries of older generations simply age out. */
const INVALIDATE = new LuaScript(
  'result-cache-invalidate',
  `local n = redis.call('INCR', KEYS[1])
if n == 1 then
  ${CLOCK_GENERATION}
  redis.call('SET', KEYS[1], g)
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`,
);

/**
 * KEYS: generation, entry, lock. ARGV: generation the value was computed under, value, entry TTL, lock token,
 * generation TTL. Stores only if the generation has not moved on (an invalidation during the computation
 * makes the value stale), and releases the lock if the caller holds it, in one step so waiters see the
 * value the moment the lock disappears. Returns 1 when stored.
 */
const STORE_IF_CURRENT = new LuaScript(
  'result-cache-store-if-current',
  `local stored = 0
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  stored = 1
end
if redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
return stored`,
);

/** KEYS: lock. ARGV: token. Deletes the lock only if it is still ours (it may have expired and been retaken). */
const RELEASE_LOCK = new LuaScript(
  'result-cache-release-lock',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/** What a waiter sees when it looks again: the entry, if stored by now, and whether the lock is still held. */
export interface EntryPeek {
  entry: Buffer | null;
  locked: boolean;
}

/** The Redis commands of the result cache, one method per round trip; errors reach the caller. */
export class ResultCacheStore {
  constructor(private readonly redis: RedisConnection) {}

  async generation(generationKey: string): Promise<string> {
    const current = await this.redis.get(generationKey);
    if (current !== null) return current;
    return String(await ENSURE_GENERATION.run(this.redis, [generationKey], [GENERATION_TTL_MS]));
  }

  async invalidate(generationKey: string): Promise<void> {
    await INVALIDATE.run(this.redis, [generationKey], [GENERATION_TTL_MS]);
  }

  /**
   * Several generations in one pipelined round trip. A Cluster pipeline must stay on one node, and users'
   * keys spread over all slots, so there each goes on its own (still concurrently).
   */
  async invalidateMany(generationKeys: string[]): Promise<void> {
    if (generationKeys.length === 0) return;
    if (isCluster(this.redis)) {
      await Promise.all(generationKeys.map((key) => this.invalidate(key)));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const key of generationKeys) pipeline.evalsha(INVALIDATE.sha, 1, key, GENERATION_TTL_MS);
    const results = (await pipeline.exec()) ?? [];
    const failed = generationKeys.filter((_, index) => results[index]?.[0]);
    const unknownScript = failed.length > 0 && results.every(([error]) => !error || isNoScript(error));
    const firstError = results.find(([error]) => error)?.[0];
    if (firstError && !unknownScript) throw firstError;
    // After a restart the server may not know the script yet: LuaScript.run loads it.
    await Promise.all(failed.map((key) => this.invalidate(key)));
  }

  read(entryKey: string): Promise<Buffer | null> {
    return this.redis.getBuffer(entryKey);
  }

  async peek(entryKey: string, lockKey: string): Promise<EntryPeek> {
    // One slot (shared hash tag), so MGET works on a Cluster too.
    const [entry, lock] = await this.redis.mgetBuffer(entryKey, lockKey);
    return { entry: entry ?? null, locked: lock !== null && lock !== undefined };
  }

  async tryLock(lockKey: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(lockKey, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async releaseLock(lockKey: string, token: string): Promise<void> {
    await RELEASE_LOCK.run(this.redis, [lockKey], [token]);
  }

  async storeIfCurrent(
    keys: { generation: string; entry: string; lock: string },
    generation: string,
    value: Buffer,
    ttlMs: number,
    lockToken: string,
  ): Promise<boolean> {
    const args: (string | number | Buffer)[] = [generation, value, ttlMs, lockToken, GENERATION_TTL_MS];
    // LuaScript hands its arguments straight to EVALSHA/EVAL, which take binary (Buffer) arguments too.
    const stored = await STORE_IF_CURRENT.run(
      this.redis,
      [keys.generation, keys.entry, keys.lock],
      args as (string | number)[],
    );
    return stored === 1;
  }
}

function isNoScript(error: Error): boolean {
  return error.message.startsWith('NOSCRIPT');
}
