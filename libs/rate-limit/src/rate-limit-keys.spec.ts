import { RateLimitKeys } from './rate-limit-keys';

describe('RateLimitKeys', () => {
  const keys = new RateLimitKeys('tr:');

  it('puts each subject in a hash tag of its own, preferring the user over the IP', () => {
    expect(keys.request('api', { userId: 42, ip: '10.0.0.1' })).toBe('tr:{rl:api:u:42}');
    expect(keys.request('api', { ip: '2001:db8::1' })).toBe('tr:{rl:api:ip:2001:db8::1}');
    expect(() => keys.request('api', {})).toThrow(/neither a user nor an IP/);
  });

  it('hashes subjects a key must not carry verbatim, and every account name', () => {
    expect(keys.request('api', { userId: 'a {b} c' })).toMatch(/^tr:\{rl:api:u:h\.[A-Za-z0-9_-]{22}\}$/);
    expect(keys.loginAccount(' Alice@Example.com')).toBe(keys.loginAccount('alice@example.com'));
    expect(keys.loginAccount('alice@example.com')).not.toContain('alice');
  });
});
