import { register } from 'prom-client';
import { rateLimitHeaders } from './rate-limit-headers';
import { RateLimiter } from './rate-limiter';

async function decisionCount(labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric('tracera_rate_limit_decisions_total')?.get();
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

describe('RateLimiter without Redis (memory by design)', () => {
  it('limits by user, else IP, and answers 429 material', async () => {
    const limiter = new RateLimiter({ policies: { requests: { api: { limit: 2 } } } });
    expect(limiter.source).toBe('memory');
    await limiter.consume('api', { userId: 7, ip: '10.0.0.1' });
    await limiter.consume('api', { userId: 7, ip: '10.0.0.2' });
    const denied = await limiter.consume('api', { userId: 7, ip: '10.0.0.3' });
    expect(denied).toMatchObject({
      allowed: false,
      limit: 2,
      remaining: 0,
      policy: '2;w=60',
      source: 'memory',
    });
    expect(rateLimitHeaders(denied)['Retry-After']).toBe(String(denied.retryAfterSeconds));
    expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    // Anonymous requests are counted per IP, apart from the user's.
    expect((await limiter.consume('api', { ip: '10.0.0.1' })).allowed).toBe(true);
  });

  it('meters decisions by class, outcome and source', async () => {
    const limiter = new RateLimiter({ policies: { requests: { ai: { limit: 1 } } } });
    const before = await decisionCount({ class: 'ai', outcome: 'denied', source: 'memory' });
    await limiter.consume('ai', { userId: 'meter' });
    await limiter.consume('ai', { userId: 'meter' });
    expect(await decisionCount({ class: 'ai', outcome: 'denied', source: 'memory' })).toBe(before + 1);
  });

  it('blocks login after maxFailures per account or per IP; success clears only the account', async () => {
    const limiter = new RateLimiter({ policies: { login: { maxFailures: 3 } } });
    for (let i = 0; i < 2; i++) await limiter.recordLoginFailure('bob', '1.1.1.1');
    await limiter.recordLoginSuccess('Bob', '1.1.1.1');
    expect((await limiter.checkLogin('bob', '2.2.2.2')).remaining).toBe(3);
    // The IP still has 2 failures: one more (on any account) blocks it.
    const last = await limiter.recordLoginFailure('carol', '1.1.1.1');
    expect(last).toMatchObject({ allowed: false, retryAfterSeconds: 300 });
    expect((await limiter.checkLogin('dave', '1.1.1.1')).allowed).toBe(false);
    expect((await limiter.checkLogin('dave', '3.3.3.3')).allowed).toBe(true);
  });

  it('refuses a login check without an IP and rejects bad policies', async () => {
    const limiter = new RateLimiter();
    await expect(limiter.checkLogin('bob', '')).rejects.toThrow(/client IP/);
    expect(() => new RateLimiter({ policies: { requests: { api: { limit: 0 } } } })).toThrow(/api.limit/);
  });
});
