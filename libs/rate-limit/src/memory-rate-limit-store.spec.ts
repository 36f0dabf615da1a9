import { BoundedExpiringMap, MemoryRateLimitStore } from './memory-rate-limit-store';

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryRateLimitStore', () => {
  it('sliding window: admits exactly `limit`, then frees one slot when the oldest request leaves', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const policy = { algorithm: 'sliding-window' as const, limit: 2, windowSeconds: 10 };
    expect((await store.consume('k', policy)).allowed).toBe(true);
    time.advance(4000);
    expect(await store.consume('k', policy)).toMatchObject({ allowed: true, remaining: 0, resetMs: 6000 });
    expect(await store.consume('k', policy)).toMatchObject({ allowed: false, retryAfterMs: 6000 });
    time.advance(5999);
    expect((await store.consume('k', policy)).allowed).toBe(false);
    time.advance(1);
    expect(await store.consume('k', policy)).toMatchObject({ allowed: true, remaining: 0, resetMs: 4000 });
  });

  it('fixed window: resets at the clock-aligned window end', async () => {
    const time = clock(1_700_000_000_000 + 250);
    const store = new MemoryRateLimitStore({ now: time.now });
    const policy = { algorithm: 'fixed-window' as const, limit: 2, windowSeconds: 1 };
    await store.consume('k', policy);
    await store.consume('k', policy);
    expect(await store.consume('k', policy)).toMatchObject({ allowed: false, retryAfterMs: 750 });
    time.advance(750);
    expect(await store.consume('k', policy)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('token bucket: a full bucket of `limit`, refilled at limit per window', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const policy = { algorithm: 'token-bucket' as const, limit: 4, windowSeconds: 2 };
    for (let i = 0; i < 4; i++) expect((await store.consume('k', policy)).allowed).toBe(true);
    expect(await store.consume('k', policy)).toMatchObject({ allowed: false, retryAfterMs: 500 });
    time.advance(500);
    expect(await store.consume('k', policy)).toMatchObject({ allowed: true, remaining: 0 });
    time.advance(2000);
    expect(await store.consume('k', policy)).toMatchObject({ allowed: true, remaining: 3 });
  });

  it('login failures: stop counting once blocked, expire with the window, clear on demand', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    const policy = { maxFailures: 2, windowSeconds: 60 };
    await store.addLoginFailure('a', policy);
    time.advance(1000);
    expect(await store.addLoginFailure('a', policy)).toEqual({ failures: 2, expiresInMs: 60_000 });
    time.advance(1000);
    // A failure while blocked does not push the end of the block.
    expect(await store.addLoginFailure('a', policy)).toEqual({ failures: 2, expiresInMs: 59_000 });
    time.advance(59_000);
    expect(await store.loginFailures('a')).toEqual({ failures: 0, expiresInMs: 0 });
    await store.addLoginFailure('a', policy);
    await store.clearLoginFailures('a');
    expect((await store.loginFailures('a')).failures).toBe(0);
  });

  it('keeps at most maxSubjects per algorithm, forgetting the least recently seen', async () => {
    const store = new MemoryRateLimitStore({ maxSubjects: 100 });
    const policy = { algorithm: 'sliding-window' as const, limit: 1, windowSeconds: 60 };
    for (let i = 0; i < 10_000; i++) await store.consume(`ip-${i}`, policy);
    expect(store.sizes().sliding).toBe(100);
    // The most recent subjects are still limited; the evicted first one starts afresh.
    expect((await store.consume('ip-9999', policy)).allowed).toBe(false);
    expect((await store.consume('ip-0', policy)).allowed).toBe(true);
  });
});

describe('BoundedExpiringMap', () => {
  it('forgets expired entries and refreshes recency on set', () => {
    const time = clock();
    const map = new BoundedExpiringMap<number>(2, time.now);
    map.set('a', 1, 100);
    map.set('b', 2, 1000);
    map.set('a', 3, 1000);
    map.set('c', 4, 1000);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(3);
    time.advance(1000);
    expect(map.get('a')).toBeUndefined();
  });
});
