import { type RateLimitDecision } from './rate-limit-decision';
import { rateLimitHeaders } from './rate-limit-headers';

const base: RateLimitDecision = {
  allowed: true,
  limit: 100,
  remaining: 42,
  resetSeconds: 17,
  policy: '100;w=60',
  rateLimitClass: 'api',
  source: 'redis',
};

describe('rateLimitHeaders', () => {
  it('sets the RateLimit fields and no Retry-After when allowed', () => {
    expect(rateLimitHeaders(base)).toEqual({
      'RateLimit-Limit': '100',
      'RateLimit-Remaining': '42',
      'RateLimit-Reset': '17',
      'RateLimit-Policy': '100;w=60',
    });
  });

  it('adds Retry-After on deny', () => {
    const headers = rateLimitHeaders({ ...base, allowed: false, remaining: 0, retryAfterSeconds: 9 });
    expect(headers['Retry-After']).toBe('9');
    expect(headers['RateLimit-Remaining']).toBe('0');
  });
});
