import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then refuses with the wait until the next token', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 3000, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
    ]);
    expect(bucket.take()).toEqual({ allowed: false, retryAfterMs: 1000 });
    now = 400;
    expect(bucket.take()).toEqual({ allowed: false, retryAfterMs: 600 });
    now = 1000;
    expect(bucket.take()).toEqual({ allowed: true });
    expect(bucket.take()).toEqual({ allowed: false, retryAfterMs: 1000 });
  });

  it('refills to its capacity and no further', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 1000, () => now);
    bucket.take();
    bucket.take();
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take().allowed]).toEqual([
      { allowed: true },
      { allowed: true },
      false,
    ]);
  });
});
