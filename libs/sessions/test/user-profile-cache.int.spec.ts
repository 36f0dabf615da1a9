import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { type UserView } from '@tracera/contracts';
import { type RedisConnection, waitUntilReady } from '@tracera/redis';
import { connectTestRedis, sharedInfra, startThrowawayRedis } from '@tracera/testing';
import { UserProfileCache } from '../src';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function profile(overrides: Partial<UserView> = {}): UserView {
  return {
    id: uuidv7(),
    email: 'ada@example.test',
    username: 'ada',
    displayName: 'Ada',
    role: 'user',
    timeZone: 'UTC',
    locale: 'en',
    avatarUrl: null,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

describe('UserProfileCache (real redis-server)', () => {
  const prefix = `upc-${randomBytes(4).toString('hex')}:`;
  let redis: RedisConnection;
  let cache: UserProfileCache;

  beforeAll(async () => {
    redis = await connectTestRedis(sharedInfra().redisAddress);
    cache = new UserProfileCache({ redis, keyPrefix: prefix, logger: quiet });
  });

  afterAll(() => redis.quit());

  it('answers a profile filled by the auth service, with the 15-minute TTL', async () => {
    const user = profile();
    expect(await cache.get(user.id)).toBeUndefined();
    await cache.fill(user);
    expect(await cache.get(user.id)).toEqual(user);
    const ttl = await redis.pttl(cache.key(user.id));
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
  });

  it('never lets a fill that read the row before a change overwrite the change', async () => {
    const before = profile({ displayName: 'Before' });
    const after = { ...before, displayName: 'After' };
    await cache.put(after);
    await cache.fill(before);
    expect((await cache.get(before.id))?.displayName).toBe('After');
    await cache.put({ ...after, displayName: 'Later' });
    expect((await cache.get(before.id))?.displayName).toBe('Later');
  });

  it('drops an entry on invalidation, so the next read goes to the source', async () => {
    const user = profile();
    await cache.put(user);
    await cache.invalidate(user.id);
    expect(await cache.get(user.id)).toBeUndefined();
    await cache.fill(user);
    expect(await cache.get(user.id)).toEqual(user);
  });

  it('treats a malformed or foreign entry as a miss', async () => {
    const user = profile();
    await redis.set(cache.key(user.id), '{not json');
    expect(await cache.get(user.id)).toBeUndefined();
    await redis.set(cache.key(user.id), JSON.stringify({ ...user, id: uuidv7() }));
    expect(await cache.get(user.id)).toBeUndefined();
  });

  it('caches nothing when the cache is disabled', async () => {
    const disabled = new UserProfileCache({ keyPrefix: prefix, logger: quiet });
    const user = profile();
    await disabled.put(user);
    expect(await disabled.get(user.id)).toBeUndefined();
    expect(await redis.exists(cache.key(user.id))).toBe(0);
  });

  it('falls through to the source when the cache Redis is down, and recovers', async () => {
    const server = await startThrowawayRedis();
    const connection = await connectTestRedis(server.address);
    const outage = new UserProfileCache({ redis: connection, keyPrefix: prefix, logger: quiet });
    try {
      const user = profile();
      await outage.put(user);
      await server.stop();
      const started = Date.now();
      expect(await outage.get(user.id)).toBeUndefined();
      await expect(outage.put(user)).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(2000);
      await server.start();
      await waitUntilReady(connection, 10_000);
      // The breaker probes again after its reset timeout (5 s).
      await new Promise((resolve) => setTimeout(resolve, 5100));
      await outage.put(user);
      expect(await outage.get(user.id)).toEqual(user);
    } finally {
      connection.disconnect();
      await server.stop();
    }
  }, 30_000);
});
