import { sharedInfra, waitFor } from '@tracera/testing';
import { type RateLimitAlgorithm, type RateLimiter, type RequestClass, rateLimitHeaders } from '../src';
import { RateLimitTestBench, sleep } from './rate-limit-test-bench';

const CLASS_OF: Record<RateLimitAlgorithm, RequestClass> = {
  'sliding-window': 'api',
  'fixed-window': 'search',
  'token-bucket': 'ai',
};

/** A limiter where the class using `algorithm` allows `limit` per `windowSeconds`. */
function policyFor(algorithm: RateLimitAlgorithm, limit: number, windowSeconds: number) {
  return { policies: { requests: { [CLASS_OF[algorithm]]: { algorithm, limit, windowSeconds } } } };
}

describe('rate limits in Redis (real redis-server)', () => {
  let bench: RateLimitTestBench;

  beforeEach(() => {
    bench = new RateLimitTestBench(sharedInfra().redisAddress);
  });

  afterEach(() => bench.close());

  describe.each(['sliding-window', 'fixed-window', 'token-bucket'] as const)('%s', (algorithm) => {
    const requestClass = CLASS_OF[algorithm];

    it('admits exactly `limit`, then denies with a Retry-After after which a request succeeds', async () => {
      const limiter = await bench.replica(policyFor(algorithm, 3, 2));
      const subject = { userId: 'exact' };
      if (algorithm === 'fixed-window') {
        // Start early in a clock-aligned window, so all four requests land in the same one.
        await waitFor(() => Date.now() % 2000 < 300, { intervalMs: 5, timeoutMs: 3000 });
      }
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.consume(requestClass, subject));
      expect(decisions.map((d) => [d.allowed, d.remaining, d.source])).toEqual([
        [true, 2, 'redis'],
        [true, 1, 'redis'],
        [true, 0, 'redis'],
        [false, 0, 'redis'],
      ]);
      const denied = decisions[3];
      // Token bucket: one token per 667 ms; windows: the 2 s window (less the time spent).
      const expected = algorithm === 'token-bucket' ? 1 : 2;
      expect(denied.retryAfterSeconds).toBe(expected);
      expect(rateLimitHeaders(denied)).toMatchObject({
        'Retry-After': String(expected),
        'RateLimit-Limit': '3',
        'RateLimit-Remaining': '0',
        'RateLimit-Policy': '3;w=2',
      });
      await sleep(denied.retryAfterSeconds! * 1000);
      expect((await limiter.consume(requestClass, subject)).allowed).toBe(true);
    });

    it('shares one count between two replicas on separate connections, also under concurrency', async () => {
      const [a, b] = [
        await bench.replica(policyFor(algorithm, 5, 60)),
        await bench.replica(policyFor(algorithm, 5, 60)),
      ];
      const alternating = [];
      for (let i = 0; i < 8; i++)
        alternating.push(await (i % 2 ? a : b).consume(requestClass, { userId: 'alt' }));
      expect(alternating.filter((d) => d.allowed)).toHaveLength(5);
      const concurrent = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).consume(requestClass, { userId: 'burst' })),
      );
      expect(concurrent.filter((d) => d.allowed)).toHaveLength(5);
    });

    it('gives every key a TTL no longer than needed, and the keys go away', async () => {
      const limiter = await bench.replica(policyFor(algorithm, 2, 1));
      for (let i = 0; i < 3; i++) await limiter.consume(requestClass, { ip: '192.0.2.1' });
      const redis = await bench.connection();
      const keys = await bench.keys();
      expect(keys).toEqual([`${bench.prefix}{rl:${requestClass}:ip:192.0.2.1}`]);
      const ttl = await redis.pttl(keys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1000);
      await waitFor(async () => (await bench.keys()).length === 0, { timeoutMs: 3000 });
    });
  });

  it('sliding window: a request is counted until exactly one window after it, not until a window edge', async () => {
    const limiter = await bench.replica(policyFor('sliding-window', 2, 2));
    const subject = { userId: 'slide' };
    const first = Date.now();
    expect((await limiter.consume('api', subject)).allowed).toBe(true);
    await sleep(1000);
    expect((await limiter.consume('api', subject)).allowed).toBe(true);
    expect((await limiter.consume('api', subject)).allowed).toBe(false);
    await sleep(first + 1700 - Date.now());
    expect((await limiter.consume('api', subject)).allowed).toBe(false);
    await sleep(first + 2200 - Date.now());
    // The first request left the window, the second (at ~1 s) has not: exactly one slot is free.
    const freed = await limiter.consume('api', subject);
    expect(freed).toMatchObject({ allowed: true, remaining: 0 });
    const again = await limiter.consume('api', subject);
    expect(again.allowed).toBe(false);
    expect(again.retryAfterSeconds).toBe(1);
  });

  it('fixed window: the count starts over at the window edge', async () => {
    const limiter = await bench.replica(policyFor('fixed-window', 2, 1));
    const subject = { userId: 'edge' };
    await waitFor(() => Date.now() % 1000 > 600 && Date.now() % 1000 < 800, { intervalMs: 5 });
    await limiter.consume('search', subject);
    await limiter.consume('search', subject);
    expect((await limiter.consume('search', subject)).allowed).toBe(false);
    await sleep(1000 - (Date.now() % 1000) + 100);
    expect(await limiter.consume('search', subject)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('token bucket: refills at limit per window, up to the capacity', async () => {
    const limiter = await bench.replica(policyFor('token-bucket', 4, 2));
    const subject = { userId: 'bucket' };
    for (let i = 0; i < 4; i++) await limiter.consume('ai', subject);
    expect((await limiter.consume('ai', subject)).allowed).toBe(false);
    await sleep(650);
    expect(await limiter.consume('ai', subject)).toMatchObject({ allowed: true, remaining: 0 });
    expect((await limiter.consume('ai', subject)).allowed).toBe(false);
    await sleep(4200);
    expect(await limiter.consume('ai', subject)).toMatchObject({ allowed: true, remaining: 3 });
  });

  describe('login throttling', () => {
    type Outcome = 'signed-in' | 'wrong-password' | 'throttled';

    /** The gateway's login flow: check first, verify the password only when allowed, then record. */
    async function logIn(
      limiter: RateLimiter,
      account: string,
      ip: string,
      password: string,
    ): Promise<Outcome> {
      if (!(await limiter.checkLogin(account, ip)).allowed) return 'throttled';
      if (password === 'right') {
        await limiter.recordLoginSuccess(account, ip);
        return 'signed-in';
      }
      await limiter.recordLoginFailure(account, ip);
      return 'wrong-password';
    }

    it('denies the 6th attempt after 5 failures even with the right password, with Retry-After', async () => {
      const limiter = await bench.replica();
      for (let i = 0; i < 5; i++)
        expect(await logIn(limiter, 'alice', '198.51.100.1', 'guess')).toBe('wrong-password');
      expect(await logIn(limiter, 'alice', '198.51.100.1', 'right')).toBe('throttled');
      const decision = await limiter.checkLogin('alice', '198.51.100.1');
      expect(decision).toMatchObject({
        allowed: false,
        limit: 5,
        remaining: 0,
        policy: '5;w=300',
        source: 'redis',
      });
      expect(decision.retryAfterSeconds).toBeGreaterThanOrEqual(299);
      expect(decision.retryAfterSeconds).toBeLessThanOrEqual(300);
    });

    it('blocks the account from any IP, and the IP for any account', async () => {
      const limiter = await bench.replica();
      for (let i = 0; i < 5; i++) await limiter.recordLoginFailure('bob', `203.0.113.${i}`);
      expect((await limiter.checkLogin('bob', '203.0.113.200')).allowed).toBe(false);
      for (let i = 0; i < 5; i++) await limiter.recordLoginFailure(`victim-${i}`, '203.0.113.99');
      expect((await limiter.checkLogin('someone-else', '203.0.113.99')).allowed).toBe(false);
      expect((await limiter.checkLogin('someone-else', '203.0.113.100')).allowed).toBe(true);
    });

    it('a success resets the account counter but not the IP counter', async () => {
      const limiter = await bench.replica();
      const ip = '198.51.100.7';
      for (let i = 0; i < 4; i++) await logIn(limiter, 'carol', ip, 'guess');
      expect(await logIn(limiter, 'carol', ip, 'right')).toBe('signed-in');
      // The account starts over: four more failures from elsewhere leave it open.
      for (let i = 0; i < 4; i++) await limiter.recordLoginFailure('carol', '198.51.100.8');
      expect((await limiter.checkLogin('carol', '198.51.100.9')).allowed).toBe(true);
      // The IP kept its four failures: one more, on any account, blocks it.
      expect((await limiter.checkLogin('dave', ip)).remaining).toBe(1);
      await limiter.recordLoginFailure('dave', ip);
      expect((await limiter.checkLogin('erin', ip)).allowed).toBe(false);
    });

    it('counts unknown account names like real ones, after normalization', async () => {
      const limiter = await bench.replica();
      for (let i = 0; i < 5; i++)
        await limiter.recordLoginFailure('No-Such-User@Example.com ', `192.0.2.${i}`);
      expect((await limiter.checkLogin('no-such-user@example.com', '192.0.2.50')).allowed).toBe(false);
      for (let i = 0; i < 5; i++)
        await limiter.recordLoginFailure(
          i % 2 ? 'Alice@Example.com ' : 'alice@example.com',
          `192.0.2.${10 + i}`,
        );
      expect((await limiter.checkLogin('ALICE@EXAMPLE.COM', '192.0.2.51')).allowed).toBe(false);
      // Account names never reach Redis in clear text.
      expect((await bench.keys()).some((k) => k.includes('alice') || k.includes('no-such-user'))).toBe(false);
    });

    it('shares login counts between replicas, and a block ends after the window', async () => {
      const [a, b] = [
        await bench.replica({ policies: { login: { windowSeconds: 1 } } }),
        await bench.replica({ policies: { login: { windowSeconds: 1 } } }),
      ];
      for (let i = 0; i < 5; i++) await (i % 2 ? a : b).recordLoginFailure('frank', '192.0.2.77');
      const blocked = await a.checkLogin('frank', '192.0.2.78');
      expect(blocked).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
      for (const key of await bench.keys())
        expect(await (await bench.connection()).pttl(key)).toBeGreaterThan(0);
      await sleep(1100);
      expect((await b.checkLogin('frank', '192.0.2.77')).allowed).toBe(true);
      expect(await bench.keys()).toEqual([]);
    });
  });
});
