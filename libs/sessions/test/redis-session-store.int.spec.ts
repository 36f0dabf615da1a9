import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '@tracera/config';
import { RateLimiter, RateLimitKeys, type RequestPolicy } from '@tracera/rate-limit';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '@tracera/redis';
import { scanKeys, sharedInfra, startThrowawayRedis, waitFor } from '@tracera/testing';
import {
  hashSecret,
  type NewSession,
  RedisSessionStore,
  type RedisSessionStoreOptions,
  type SessionPolicy,
} from '../src';

const DAY_POLICY: SessionPolicy = { idleMs: 86_400_000, maxAgeMs: 30 * 86_400_000 };
const API_POLICY: RequestPolicy = { algorithm: 'sliding-window', limit: 3, windowSeconds: 60 };
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Session stores as gateway and auth replicas hold them: each on its own fail-fast command connection. */
class SessionTestBench {
  readonly prefix = `sess-${randomBytes(4).toString('hex')}:`;
  private readonly connections: RedisConnection[] = [];

  constructor(private readonly address: string) {}

  async connection(): Promise<RedisConnection> {
    const config = loadConfig(
      { service: 'sessions-test', defaultPort: 18082 },
      { NODE_ENV: 'test', REDIS_ADDR: this.address, REDIS_DIAL_TIMEOUT: '1s', REDIS_READ_TIMEOUT: '1s' },
    );
    const connection = createRedisConnection(config.redis.core, {
      service: 'sessions-test',
      purpose: 'command',
      logger: quiet,
    });
    this.connections.push(connection);
    await waitUntilReady(connection, 5000);
    return connection;
  }

  async store(options: Partial<RedisSessionStoreOptions> = {}): Promise<RedisSessionStore> {
    return new RedisSessionStore(await this.connection(), {
      keyPrefix: this.prefix,
      policy: DAY_POLICY,
      topology: 'standalone',
      ...options,
    });
  }

  /** Every key under this bench's prefix (SCAN, test use only). */
  async keys(): Promise<string[]> {
    return scanKeys(await this.connection(), `${this.prefix}*`);
  }

  close(): void {
    for (const connection of this.connections) connection.disconnect();
  }
}

function newSession(userId: string, overrides: Partial<NewSession> = {}): NewSession {
  return { userId, role: 'user', ip: '192.0.2.7', userAgent: 'curl/8.5', ...overrides };
}

const someUser = () => uuidv7();

describe('RedisSessionStore (real redis-server)', () => {
  let bench: SessionTestBench;
  let redis: RedisConnection;

  beforeAll(async () => {
    bench = new SessionTestBench(sharedInfra().redisAddress);
    redis = await bench.connection();
  });

  afterAll(() => bench.close());

  it('creates a session whose token authenticates to the same record, touched', async () => {
    const store = await bench.store();
    const userId = someUser();
    const { record, token } = await store.create(newSession(userId, { role: 'admin' }));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ userId, role: 'admin', ip: '192.0.2.7', userAgent: 'curl/8.5' });
    expect(record.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(record.absoluteExpiresAt).toBe(record.createdAt + DAY_POLICY.maxAgeMs);
    expect(Math.abs(record.createdAt - Date.now())).toBeLessThan(2000);

    await sleep(5);
    const found = await store.authenticate(token);
    expect(found).toEqual({ ...record, lastActiveAt: found!.lastActiveAt });
    expect(found!.lastActiveAt).toBeGreaterThan(record.createdAt);

    const sessionTtl = await redis.pttl(store.sessionKey(hashSecret(token)));
    expect(sessionTtl).toBeGreaterThan(DAY_POLICY.idleMs - 5000);
    expect(sessionTtl).toBeLessThanOrEqual(DAY_POLICY.idleMs);
    expect(await redis.pttl(store.userSessionsKey(userId))).toBeGreaterThanOrEqual(DAY_POLICY.maxAgeMs);

    const anonymous = await store.create(newSession(someUser(), { ip: null, userAgent: null }));
    expect(await store.authenticate(anonymous.token)).toMatchObject({ ip: null, userAgent: null });
  });

  it('refuses unknown, malformed and API-token-shaped secrets', async () => {
    const store = await bench.store();
    expect(await store.authenticate(randomBytes(32).toString('base64url'))).toBeNull();
    expect(await store.authenticate('not a token')).toBeNull();
    expect(await store.authenticate(`trp_${randomBytes(32).toString('base64url')}`)).toBeNull();
  });

  it('keeps only the SHA-256 of the token in Redis: it appears in no key name and no value', async () => {
    const store = await bench.store();
    const userId = someUser();
    const { token } = await store.create(newSession(userId));
    await store.authenticate(token);
    await store.authenticateAndLimit(token, API_POLICY);

    const keys = await bench.keys();
    expect(keys).toEqual(expect.arrayContaining([`${bench.prefix}s:${hashSecret(token)}`]));
    expect(keys).toEqual(expect.arrayContaining([`${bench.prefix}{u:${userId}}:sessions`]));
    const values: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'hash') values.push(...Object.entries(await redis.hgetall(key)).flat());
      else if (type === 'set') values.push(...(await redis.smembers(key)));
      else if (type === 'zset') values.push(...(await redis.zrange(key, 0, -1)));
      else throw new Error(`unexpected ${type} at ${key}`);
      // DUMP covers any encoding the per-type reads might not show.
      values.push((await redis.dumpBuffer(key))?.toString('latin1') ?? '');
    }
    expect(values.length).toBeGreaterThan(0);
    for (const text of [...keys, ...values]) expect(text).not.toContain(token);
    expect(values).toContain(hashSecret(token));
  });

  it('slides the idle timeout on every authentication, and ends a session left idle', async () => {
    const store = await bench.store({ policy: { idleMs: 400, maxAgeMs: 3000 } });
    const userId = someUser();
    const { token, record } = await store.create(newSession(userId));
    // 1.2 s of activity, three times the idle timeout.
    for (let i = 0; i < 6; i++) {
      await sleep(200);
      expect(await store.authenticate(token)).toMatchObject({ id: record.id });
    }
    await sleep(600);
    expect(await store.authenticate(token)).toBeNull();
    expect(await store.list(userId)).toEqual([]);
  });

  it('ends an active session at its absolute cap, whose TTL never reaches past it', async () => {
    const store = await bench.store({ policy: { idleMs: 400, maxAgeMs: 1200 } });
    const { token, record } = await store.create(newSession(someUser()));
    const key = store.sessionKey(hashSecret(token));
    let last = record;
    for (;;) {
      await sleep(150);
      const found = await store.authenticate(token);
      if (!found) break;
      last = found;
      const ttl = await redis.pttl(key);
      expect(Date.now() + ttl).toBeLessThanOrEqual(record.absoluteExpiresAt + 50);
    }
    expect(last.lastActiveAt).toBeGreaterThan(record.createdAt + 800);
    expect(Date.now()).toBeGreaterThanOrEqual(record.absoluteExpiresAt - 50);
    expect(await redis.exists(key)).toBe(0);
  });

  it('revokes one of the user’s sessions, and refuses another user’s session id', async () => {
    const [storeA, storeB] = [await bench.store(), await bench.store()];
    const [alice, bob] = [someUser(), someUser()];
    const first = await storeA.create(newSession(alice));
    const second = await storeA.create(newSession(alice));
    const bobs = await storeA.create(newSession(bob));

    expect(await storeB.revoke(alice, bobs.record.id)).toBe(false);
    expect(await storeA.authenticate(bobs.token)).not.toBeNull();

    expect(await storeB.revoke(alice, first.record.id)).toBe(true);
    // Revoked through one replica, refused through the other at once.
    expect(await storeA.authenticate(first.token)).toBeNull();
    expect(await storeA.authenticate(second.token)).not.toBeNull();
    expect(await redis.smembers(storeA.userSessionsKey(alice))).toEqual([hashSecret(second.token)]);
    expect(await storeB.revoke(alice, first.record.id)).toBe(false);
    expect(await storeB.revoke(alice, uuidv7())).toBe(false);
  });

  it('revokes all of the user’s sessions but the one kept, and answers their ids', async () => {
    const store = await bench.store();
    const [alice, bob] = [someUser(), someUser()];
    const sessions = [];
    for (let i = 0; i < 3; i++) sessions.push(await store.create(newSession(alice)));
    const bobs = await store.create(newSession(bob));
    const [kept, ...others] = sessions;

    const revoked = await store.revokeAll(alice, kept.record.id);
    expect(revoked.sort()).toEqual(others.map((s) => s.record.id).sort());
    for (const other of others) expect(await store.authenticate(other.token)).toBeNull();
    expect(await store.authenticate(kept.token)).not.toBeNull();
    expect(await store.authenticate(bobs.token)).not.toBeNull();

    expect(await store.revokeAll(alice)).toEqual([kept.record.id]);
    expect(await store.authenticate(kept.token)).toBeNull();
    expect(await store.revokeAll(alice)).toEqual([]);
  });

  it('lists live sessions newest first and prunes members whose session is gone', async () => {
    const store = await bench.store();
    const userId = someUser();
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push(await store.create(newSession(userId, { userAgent: `agent-${i}` })));
      await sleep(3);
    }
    // As if the middle one had expired: its key is gone, its member stays.
    await redis.del(store.sessionKey(hashSecret(created[1].token)));
    expect(await redis.scard(store.userSessionsKey(userId))).toBe(3);

    const listed = await store.list(userId);
    expect(listed.map((s) => s.userAgent)).toEqual(['agent-2', 'agent-0']);
    expect(listed[0]).toEqual(created[2].record);
    expect((await redis.smembers(store.userSessionsKey(userId))).sort()).toEqual(
      [hashSecret(created[0].token), hashSecret(created[2].token)].sort(),
    );
    expect(await store.list(someUser())).toEqual([]);
  });

  it('carries a role change into every live session of the user only', async () => {
    const store = await bench.store();
    const [alice, bob] = [someUser(), someUser()];
    const a1 = await store.create(newSession(alice));
    const a2 = await store.create(newSession(alice));
    const b1 = await store.create(newSession(bob));
    // An expired member must not be recreated as a hash without TTL.
    await redis.del(store.sessionKey(hashSecret(a2.token)));

    await store.setRole(alice, 'admin');
    expect((await store.authenticate(a1.token))?.role).toBe('admin');
    expect((await store.authenticateAndLimit(a1.token, API_POLICY)).session?.role).toBe('admin');
    expect(await redis.exists(store.sessionKey(hashSecret(a2.token)))).toBe(0);
    expect((await store.authenticate(b1.token))?.role).toBe('user');
  });

  describe('authenticateAndLimit', () => {
    it.each(['standalone', 'cluster'] as const)(
      'counts the user’s general-API window across replicas (%s)',
      async (topology) => {
        const [a, b] = [await bench.store({ topology }), await bench.store({ topology })];
        const userId = someUser();
        const { token, record } = await a.create(newSession(userId));
        const checks = [];
        for (let i = 0; i < 4; i++)
          checks.push(await (i % 2 ? b : a).authenticateAndLimit(token, API_POLICY));
        expect(checks.map((c) => c.session?.id)).toEqual([record.id, record.id, record.id, record.id]);
        expect(checks.map((c) => [c.limit?.allowed, c.limit?.remaining])).toEqual([
          [true, 2],
          [true, 1],
          [true, 0],
          [false, 0],
        ]);
        expect(checks[3].limit?.retryAfterMs).toBeGreaterThan(55_000);
        expect(checks[3].session!.lastActiveAt).toBeGreaterThan(record.createdAt);

        // One script call on the hot path; Cluster takes two (the session, then the declared window key).
        const connection = await bench.connection();
        const evalsha = jest.spyOn(connection, 'evalsha');
        const single = new RedisSessionStore(connection, {
          keyPrefix: bench.prefix,
          policy: DAY_POLICY,
          topology,
        });
        expect((await single.authenticateAndLimit(token, { ...API_POLICY, limit: 100 })).limit?.allowed).toBe(
          true,
        );
        expect(evalsha).toHaveBeenCalledTimes(topology === 'cluster' ? 2 : 1);
        evalsha.mockRestore();

        // The window is the one RateLimiter counts for the user: the gateway's other paths see the same count.
        const limitKey = new RateLimitKeys(bench.prefix).request('api', { userId });
        expect(await redis.zcard(limitKey)).toBe(4);
        const limiter = new RateLimiter({
          redis,
          keyPrefix: bench.prefix,
          policies: { requests: { api: API_POLICY } },
          logger: quiet,
        });
        expect((await limiter.consume('api', { userId })).allowed).toBe(false);
        expect(limiter.record('api', checks[0].limit!)).toMatchObject({
          allowed: true,
          remaining: 2,
          limit: 3,
          policy: '3;w=60',
          rateLimitClass: 'api',
          source: 'redis',
        });
        expect(limiter.record('api', checks[3].limit!)).toMatchObject({
          allowed: false,
          retryAfterSeconds: 60,
        });
      },
    );

    it('counts nothing for an unknown or revoked token', async () => {
      const store = await bench.store();
      const userId = someUser();
      const { token, record } = await store.create(newSession(userId));
      await store.revoke(userId, record.id);
      expect(await store.authenticateAndLimit(token, API_POLICY)).toEqual({ session: null });
      expect(await store.authenticateAndLimit(randomBytes(32).toString('base64url'), API_POLICY)).toEqual({
        session: null,
      });
      expect(await redis.exists(new RateLimitKeys(bench.prefix).request('api', { userId }))).toBe(0);
    });

    it('counts a user id the rate-limit keys hash (not a plain key part) under the same key', async () => {
      const store = await bench.store();
      const userId = `user#${randomBytes(2).toString('hex')}`;
      const { token } = await store.create(newSession(userId));
      const check = await store.authenticateAndLimit(token, API_POLICY);
      expect(check.limit).toMatchObject({ allowed: true, remaining: 2 });
      const limitKey = new RateLimitKeys(bench.prefix).request('api', { userId });
      expect(limitKey).toContain('h.');
      expect(await redis.zcard(limitKey)).toBe(1);
    });
  });
});

describe('RedisSessionStore with Redis stopped (throwaway redis-server)', () => {
  it('fails closed: authentication rejects instead of answering "no session"', async () => {
    const server = await startThrowawayRedis();
    const bench = new SessionTestBench(server.address);
    try {
      const store = await bench.store();
      const { token } = await store.create(newSession(someUser()));
      expect(await store.authenticate(token)).not.toBeNull();
      await server.stop();
      await expect(store.authenticate(token)).rejects.toThrow();
      await expect(store.authenticateAndLimit(token, API_POLICY)).rejects.toThrow();
      await expect(store.create(newSession(someUser()))).rejects.toThrow();

      // Recovers without a new store once Redis is back (this server keeps no data, so the session is gone).
      await server.start();
      await waitFor(
        async () => {
          await store.authenticate(token);
          return true;
        },
        { timeoutMs: 10_000, description: 'authentication to answer again' },
      );
    } finally {
      bench.close();
      await server.stop();
    }
  });
});
