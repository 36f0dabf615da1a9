import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { register } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { type RedisConnection, waitUntilReady } from '@tracera/redis';
import { connectTestRedis, sharedInfra, startThrowawayRedis } from '@tracera/testing';
import { CacheCodec, CacheEncoding, ResultCache, type ResultCacheOptions, ResultCacheKeys } from '../src';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const TTL_MS = 5 * 60_000;

/** A compute function that counts its calls and answers `value` after `delayMs`. */
function counted<T>(value: (call: number) => T, delayMs = 0) {
  const fn = async () => {
    fn.calls += 1;
    const call = fn.calls;
    if (delayMs) await sleep(delayMs);
    return value(call);
  };
  fn.calls = 0;
  return fn;
}

async function remoteWaits(): Promise<number> {
  const metric = await register.getSingleMetric('tracera_result_cache_single_flight_waits_total')?.get();
  return (metric?.values ?? [])
    .filter((v) => v.labels.scope === 'remote')
    .reduce((sum, v) => sum + v.value, 0);
}

async function commandStats(redis: RedisConnection): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const stats = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) stats.set(match[1], Number(match[2]));
  return stats;
}

describe('ResultCache (real redis-server)', () => {
  const prefix = `rc-${randomBytes(4).toString('hex')}:`;
  const keys = new ResultCacheKeys(prefix);
  let redis: RedisConnection;
  let other: RedisConnection;
  let cache: ResultCache;

  const make = (options: Partial<ResultCacheOptions> = {}) =>
    new ResultCache({ redis, keyPrefix: prefix, logger: quiet, ...options });
  const entryKey = async (userId: string, namespace: string, key: string) =>
    keys.entry(userId, namespace, (await redis.get(keys.generation(userId))) ?? 'missing', key);

  beforeAll(async () => {
    redis = await connectTestRedis(sharedInfra().redisAddress);
    other = await connectTestRedis(sharedInfra().redisAddress);
    cache = make();
  });

  afterAll(async () => {
    await Promise.all([redis.quit(), other.quit()]);
  });

  it('answers a hit after a miss, computing once, with the entry TTL', async () => {
    const user = uuidv7();
    const compute = counted(() => ({ hits: [{ id: 'b1', title: 'Kubernetes' }], total: 1 }));
    const first = await cache.getOrCompute(user, 'search', 'kube', TTL_MS, compute);
    const second = await cache.getOrCompute(user, 'search', 'kube', TTL_MS, compute);
    expect(second).toEqual(first);
    expect(compute.calls).toBe(1);
    const ttl = await redis.pttl(await entryKey(user, 'search', 'kube'));
    expect(ttl).toBeGreaterThan(TTL_MS - 10_000);
    expect(ttl).toBeLessThanOrEqual(TTL_MS);
  });

  it('keeps users (and namespaces) apart for the same key', async () => {
    const [alice, bob] = [uuidv7(), uuidv7()];
    expect(await cache.getOrCompute(alice, 'search', 'q', TTL_MS, () => Promise.resolve('alice'))).toBe(
      'alice',
    );
    expect(await cache.getOrCompute(bob, 'search', 'q', TTL_MS, () => Promise.resolve('bob'))).toBe('bob');
    expect(await cache.getOrCompute(alice, 'dashboard', 'q', TTL_MS, () => Promise.resolve('dash'))).toBe(
      'dash',
    );
    const never = counted(() => 'never');
    expect(await cache.getOrCompute(alice, 'search', 'q', TTL_MS, never)).toBe('alice');
    expect(await cache.getOrCompute(bob, 'search', 'q', TTL_MS, never)).toBe('bob');
    expect(never.calls).toBe(0);
  });

  it('caches falsy results (null, 0, empty list) as hits', async () => {
    const user = uuidv7();
    for (const [key, value] of [
      ['n', null],
      ['z', 0],
      ['e', []],
    ] as const) {
      const compute = counted(() => value);
      await cache.getOrCompute(user, 'search', key, TTL_MS, compute);
      expect(await cache.getOrCompute(user, 'search', key, TTL_MS, compute)).toEqual(value);
      expect(compute.calls).toBe(1);
    }
  });

  it('recomputes after invalidateUser, leaving other users cached', async () => {
    const [user, bystander] = [uuidv7(), uuidv7()];
    const compute = counted((call) => `v${call}`);
    const bystanderCompute = counted(() => 'b');
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('v1');
    await cache.getOrCompute(bystander, 'search', 'q', TTL_MS, bystanderCompute);
    await cache.invalidateUser(user);
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('v2');
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('v2');
    await cache.getOrCompute(bystander, 'search', 'q', TTL_MS, bystanderCompute);
    expect(bystanderCompute.calls).toBe(1);
  });

  it('invalidates many users in one call, recomputing only theirs', async () => {
    const [first, second, bystander] = [uuidv7(), uuidv7(), uuidv7()];
    const computes = [first, second, bystander].map(() => counted((call) => `v${call}`));
    const read = (user: string, index: number) =>
      cache.getOrCompute(user, 'search', 'q', TTL_MS, computes[index]);
    await Promise.all([first, second, bystander].map(read));
    await cache.invalidateUsers([first, second, first]);
    expect(await Promise.all([first, second, bystander].map(read))).toEqual(['v2', 'v2', 'v1']);
    await cache.invalidateUsers([]);
  });

  it('invalidates many users on a server that lost its scripts (restart, failover)', async () => {
    const server = await startThrowawayRedis();
    const isolated = await connectTestRedis(server.address);
    try {
      const local = new ResultCache({ redis: isolated, keyPrefix: prefix, logger: quiet });
      const [user, other] = [uuidv7(), uuidv7()];
      const compute = counted((call) => `v${call}`);
      await local.getOrCompute(user, 'search', 'q', TTL_MS, compute);
      await local.invalidateUsers([user, other]);
      await isolated.script('FLUSH');
      await local.invalidateUsers([user, other]);
      expect(await local.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('v2');
      expect(compute.calls).toBe(2);
    } finally {
      isolated.disconnect();
      await server.stop();
    }
  });

  it('invalidates a user in O(1): one INCR, no SCAN or DEL; old entries are left to age out', async () => {
    const server = await startThrowawayRedis();
    const isolated = await connectTestRedis(server.address);
    try {
      const local = new ResultCache({ redis: isolated, keyPrefix: prefix, logger: quiet });
      const user = uuidv7();
      for (let i = 0; i < 50; i += 1) {
        await local.getOrCompute(user, 'search', `q${i}`, TTL_MS, () => Promise.resolve(i));
      }
      const keysBefore = await isolated.dbsize();
      const before = await commandStats(isolated);
      await local.invalidateUser(user);
      const after = await commandStats(isolated);
      const delta = (command: string) => (after.get(command) ?? 0) - (before.get(command) ?? 0);
      expect(delta('incr')).toBe(1);
      for (const command of ['scan', 'keys', 'del', 'unlink']) expect(delta(command)).toBe(0);
      expect(await isolated.dbsize()).toBe(keysBefore);
      const compute = counted(() => 'fresh');
      expect(await local.getOrCompute(user, 'search', 'q1', TTL_MS, compute)).toBe('fresh');
      expect(compute.calls).toBe(1);
    } finally {
      isolated.disconnect();
      await server.stop();
    }
  });

  it('restarts a lost generation above every generation used before', async () => {
    const user = uuidv7();
    const compute = counted((call) => `v${call}`);
    await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute);
    await cache.invalidateUser(user);
    await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute);
    const used = BigInt((await redis.get(keys.generation(user))) ?? '0');
    // As if allkeys-lru evicted it while entries of the generations above still live.
    await redis.del(keys.generation(user));
    await cache.invalidateUser(user);
    expect(BigInt((await redis.get(keys.generation(user))) ?? '0')).toBeGreaterThan(used);
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('v3');
  });

  it('does not store a value computed while the user was invalidated', async () => {
    const user = uuidv7();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const staleKey = await (async () => {
      await cache.invalidateUser(user);
      return entryKey(user, 'search', 'q');
    })();
    let computing!: () => void;
    const started = new Promise<void>((resolve) => (computing = resolve));
    const racing = cache.getOrCompute(user, 'search', 'q', TTL_MS, async () => {
      computing();
      await gate;
      return 'stale';
    });
    await started;
    await cache.invalidateUser(user);
    release();
    expect(await racing).toBe('stale');
    expect(await redis.exists(staleKey)).toBe(0);
    expect(await redis.exists(keys.lock(staleKey))).toBe(0);
    const compute = counted(() => 'fresh');
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('fresh');
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('fresh');
    expect(compute.calls).toBe(1);
  });

  it('runs 100 concurrent identical misses on two replicas as one computation', async () => {
    const [replicaA, replicaB] = [
      make(),
      new ResultCache({ redis: other, keyPrefix: prefix, logger: quiet }),
    ];
    const user = uuidv7();
    const compute = counted(() => ({ rows: [1, 2, 3] }), 100);
    const waitsBefore = await remoteWaits();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? replicaA : replicaB).getOrCompute(user, 'search', 'hot', TTL_MS, compute),
      ),
    );
    expect(compute.calls).toBe(1);
    for (const result of results) expect(result).toEqual({ rows: [1, 2, 3] });
    // One replica held the lock; the other waited for its value rather than computing.
    expect((await remoteWaits()) - waitsBefore).toBe(1);
  });

  it('lets a waiting replica take over when the lock holder fails', async () => {
    const [replicaA, replicaB] = [
      make(),
      new ResultCache({ redis: other, keyPrefix: prefix, logger: quiet }),
    ];
    const user = uuidv7();
    let computing!: () => void;
    const holding = new Promise<void>((resolve) => (computing = resolve));
    const failing = replicaA.getOrCompute(user, 'search', 'q', TTL_MS, async () => {
      computing();
      await sleep(50);
      throw new Error('database down');
    });
    await holding;
    const started = Date.now();
    const fallback = counted(() => 'second');
    const waiting = replicaB.getOrCompute(user, 'search', 'q', TTL_MS, fallback);
    await expect(failing).rejects.toThrow('database down');
    expect(await waiting).toBe('second');
    expect(fallback.calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('computes itself after the bounded wait when the lock holder hangs', async () => {
    const user = uuidv7();
    const impatient = make({ maxWaitMs: 200 });
    const lock = keys.lock(
      await (async () => {
        await impatient.invalidateUser(user);
        return entryKey(user, 'search', 'q');
      })(),
    );
    await redis.set(lock, 'someone-else', 'PX', 10_000);
    const started = Date.now();
    expect(await impatient.getOrCompute(user, 'search', 'q', TTL_MS, () => Promise.resolve('mine'))).toBe(
      'mine',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stores large values compressed and reads them back', async () => {
    const user = uuidv7();
    const value = {
      hits: Array.from({ length: 300 }, (_, i) => ({
        id: `b${i}`,
        title: `Bookmark ${i}`,
        snippet: 'lorem ipsum '.repeat(5),
      })),
    };
    await cache.getOrCompute(user, 'search', 'big', TTL_MS, () => Promise.resolve(value));
    const stored = await redis.getBuffer(await entryKey(user, 'search', 'big'));
    expect(stored?.[0]).toBe(CacheEncoding.DeflatedMessagePack);
    expect(stored?.length).toBeLessThan(new CacheCodec().pack(value).length);
    const never = counted(() => ({ hits: [] }));
    expect(await cache.getOrCompute(user, 'search', 'big', TTL_MS, never)).toEqual(value);
    expect(never.calls).toBe(0);
  });

  it('treats a malformed entry as a miss and replaces it', async () => {
    const user = uuidv7();
    await cache.invalidateUser(user);
    const key = await entryKey(user, 'search', 'q');
    await redis.set(key, Buffer.of(0x01, 0xde, 0xad, 0xbe, 0xef), 'PX', TTL_MS);
    const compute = counted(() => 'recomputed');
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('recomputed');
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('recomputed');
    expect(compute.calls).toBe(1);
  });

  it('hands compute errors to the caller and caches nothing', async () => {
    const user = uuidv7();
    await expect(
      cache.getOrCompute(user, 'search', 'q', TTL_MS, () => Promise.reject(new Error('bad query'))),
    ).rejects.toThrow('bad query');
    expect(await cache.getOrCompute(user, 'search', 'q', TTL_MS, () => Promise.resolve('ok'))).toBe('ok');
  });

  it('never touches Redis when disabled', async () => {
    const untouched = await connectTestRedis(sharedInfra().redisAddress);
    try {
      // The connection's last command, as the server saw it, before and after the disabled cache ran.
      const id = Number(await untouched.client('ID'));
      const lastCommand = async () => /\bcmd=(\S+)/.exec(String(await redis.client('LIST', 'ID', id)))?.[1];
      expect(await lastCommand()).toBe('client|id');
      const disabled = new ResultCache({
        redis: untouched,
        enabled: false,
        keyPrefix: prefix,
        logger: quiet,
      });
      const compute = counted((call) => call);
      const user = uuidv7();
      expect(await disabled.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe(1);
      expect(await disabled.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe(2);
      await disabled.invalidateUser(user);
      expect(await lastCommand()).toBe('client|id');
      expect(await redis.exists(keys.generation(user))).toBe(0);
      expect(new ResultCache({ enabled: false, keyPrefix: prefix }).enabled).toBe(false);
    } finally {
      untouched.disconnect();
    }
  });

  it('answers from compute while the cache Redis is down, quickly, and caches again after it returns', async () => {
    const server = await startThrowawayRedis();
    const outageConnection = await connectTestRedis(server.address);
    const outage = new ResultCache({
      redis: outageConnection,
      keyPrefix: prefix,
      logger: quiet,
      breaker: { resetTimeoutMs: 500 },
    });
    try {
      const user = uuidv7();
      const compute = counted((call) => `v${call}`);
      expect(await outage.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe('v1');
      await server.stop();
      for (let i = 0; i < 5; i += 1) {
        const started = Date.now();
        expect(await outage.getOrCompute(user, 'search', 'q', TTL_MS, compute)).toBe(`v${i + 2}`);
        await outage.invalidateUser(user);
        expect(Date.now() - started).toBeLessThan(1000);
      }
      await server.start();
      await waitUntilReady(outageConnection, 10_000);
      await sleep(600);
      const after = counted(() => 'cached again');
      expect(await outage.getOrCompute(user, 'search', 'q2', TTL_MS, after)).toBe('cached again');
      expect(await outage.getOrCompute(user, 'search', 'q2', TTL_MS, after)).toBe('cached again');
      expect(after.calls).toBe(1);
    } finally {
      outageConnection.disconnect();
      await server.stop();
    }
  }, 30_000);
});
