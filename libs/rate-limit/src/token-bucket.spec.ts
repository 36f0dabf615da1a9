import { TokenBucket } from './token-bucket';

const allowedOf = (bucket: TokenBucket) => {
  const { allowed, retryAfterMs } = bucket.take();
  return allowed ? 'allowed' : retryAfterMs;
};

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then refuses with the wait until the next token', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 3000, () => now);
    expect(bucket.take()).toEqual({ allowed: true, remaining: 2, retryAfterMs: 1000, fullInMs: 1000 });
    expect([allowedOf(bucket), allowedOf(bucket)]).toEqual(['allowed', 'allowed']);
    expect(bucket.take()).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000, fullInMs: 3000 });
    now = 400;
    expect(allowedOf(bucket)).toBe(600);
    now = 1000;
    expect(allowedOf(bucket)).toBe('allowed');
    expect(allowedOf(bucket)).toBe(1000);
  });

  it('refills to its capacity and no further', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 1000, () => now);
    bucket.take();
    bucket.take();
    now = 60_000;
    expect([allowedOf(bucket), allowedOf(bucket), bucket.take().allowed]).toEqual([
      'allowed',
      'allowed',
      false,
    ]);
  });
});
