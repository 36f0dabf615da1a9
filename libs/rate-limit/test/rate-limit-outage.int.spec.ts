import { register } from 'prom-client';
import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { startThrowawayRedis, waitFor } from '@tracera/testing';
import { RateLimiter } from '../src';
import { capturingLogger, RateLimitTestBench } from './rate-limit-test-bench';

async function decisionCount(labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric('tracera_rate_limit_decisions_total')?.get();
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

const POLICIES = { requests: { api: { limit: 3, windowSeconds: 60 } } };
const FAST_BREAKER = { failureThreshold: 2, resetTimeoutMs: 300, callTimeoutMs: 250 };

describe('RateLimiter through Redis outages (throwaway redis-server)', () => {
  let server: EmbeddedRedis;
  let bench: RateLimitTestBench;

  beforeEach(async () => {
    server = await startThrowawayRedis();
    bench = new RateLimitTestBench(server.address);
  });

  afterEach(async () => {
    bench.close();
    server.resume();
    await server.stop();
  });

  async function replica() {
    const { logger, lines } = capturingLogger();
    const limiter = new RateLimiter({
      redis: await bench.connection(),
      keyPrefix: bench.prefix,
      policies: POLICIES,
      breaker: FAST_BREAKER,
      logger,
    });
    return { limiter, lines };
  }

  it('decides from per-instance memory while Redis is stopped, metered and logged once, then from Redis again', async () => {
    const a = await replica();
    const b = await replica();
    expect((await a.limiter.consume('api', { userId: 1 })).source).toBe('redis');
    const memoryBefore = await decisionCount({ class: 'api', outcome: 'allowed', source: 'memory' });
    const deniedBefore = await decisionCount({ class: 'api', outcome: 'denied', source: 'memory' });

    await server.stop();
    const fromA = [];
    for (let i = 0; i < 5; i++) fromA.push(await a.limiter.consume('api', { userId: 1 }));
    const fromB = [];
    for (let i = 0; i < 5; i++) fromB.push(await b.limiter.consume('api', { userId: 1 }));
    // Neither "block everyone" nor "allow everyone": each instance applies the limit on its own.
    for (const decisions of [fromA, fromB]) {
      expect(decisions.map((d) => [d.allowed, d.source])).toEqual([
        [true, 'memory'],
        [true, 'memory'],
        [true, 'memory'],
        [false, 'memory'],
        [false, 'memory'],
      ]);
    }
    expect(fromA[3].retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(a.limiter.source).toBe('memory');
    expect(await decisionCount({ class: 'api', outcome: 'allowed', source: 'memory' })).toBe(
      memoryBefore + 6,
    );
    expect(await decisionCount({ class: 'api', outcome: 'denied', source: 'memory' })).toBe(deniedBefore + 4);
    // Login throttling keeps working too.
    for (let i = 0; i < 5; i++) await a.limiter.recordLoginFailure('grace', '192.0.2.9');
    expect(await a.limiter.checkLogin('grace', '192.0.2.10')).toMatchObject({
      allowed: false,
      source: 'memory',
    });
    const fallbackWarnings = a.lines.filter(
      (l) => l.level === 'warn' && /per-instance memory/.test(l.message),
    );
    expect(fallbackWarnings).toHaveLength(1);

    await server.start();
    await waitFor(async () => (await a.limiter.consume('api', { userId: 'probe' })).source === 'redis', {
      timeoutMs: 10_000,
      description: 'decisions from Redis again',
    });
    // Redis (restarted empty) counts afresh, shared again.
    expect(await a.limiter.consume('api', { userId: 2 })).toMatchObject({ source: 'redis', remaining: 2 });
    expect(a.lines.some((l) => l.level === 'log' && /counted in Redis again/.test(l.message))).toBe(true);
    await waitFor(async () => (await b.limiter.consume('api', { userId: 'probe-b' })).source === 'redis', {
      timeoutMs: 10_000,
    });
    expect(await b.limiter.consume('api', { userId: 2 })).toMatchObject({ source: 'redis', remaining: 1 });
  });

  it('answers from memory within the call timeout while Redis hangs (paused)', async () => {
    const { limiter } = await replica();
    expect((await limiter.consume('api', { ip: '192.0.2.1' })).source).toBe('redis');
    server.pause();
    const started = Date.now();
    const decision = await limiter.consume('api', { ip: '192.0.2.1' });
    expect(decision).toMatchObject({ allowed: true, source: 'memory' });
    expect(Date.now() - started).toBeLessThan(1000);
    server.resume();
    await waitFor(async () => (await limiter.consume('api', { ip: '192.0.2.2' })).source === 'redis', {
      timeoutMs: 10_000,
    });
  });
});
