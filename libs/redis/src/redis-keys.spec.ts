import { InvalidRedisKeyError, RedisKeys } from './redis-keys';

describe('RedisKeys', () => {
  const keys = new RedisKeys('tr:');

  it('builds <prefix><resource>:<id>:<attribute>', () => {
    expect(keys.key('bookmark', 42, 'tags')).toBe('tr:bookmark:42:tags');
    expect(keys.key('session', 'abc')).toBe('tr:session:abc');
    expect(keys.key('cache', 'search', 'u7', 'g3')).toBe('tr:cache:search:u7:g3');
  });

  it('puts resource and id in a hash tag for keys used together', () => {
    expect(keys.tagged('u', 42, 'sessions')).toBe('tr:{u:42}:sessions');
    expect(keys.tagged('u', 42)).toBe('tr:{u:42}');
  });

  it('uses the configured prefix and defaults to tr:', () => {
    expect(new RedisKeys('acme:').key('task', 1, 'x')).toBe('acme:task:1:x');
    expect(new RedisKeys().prefix).toBe('tr:');
    expect(new RedisKeys('').key('task', 1)).toBe('task:1');
  });

  it.each([
    ['an empty resource', () => keys.key('', 1)],
    ['an empty id', () => keys.key('user', '')],
    ['an empty attribute', () => keys.key('user', 1, '')],
    ['a brace in an id', () => keys.key('user', 'a{b')],
    ['a closing brace in an id', () => keys.tagged('u', '4}2', 'sessions')],
    ['a brace in an attribute', () => keys.key('user', 1, '{x}')],
    ['a colon in the resource', () => keys.key('a:b', 1)],
    ['whitespace in an id', () => keys.key('user', 'a b')],
    ['a newline in an id', () => keys.key('user', 'a\nb')],
    ['a NaN id', () => keys.key('user', Number.NaN)],
  ])('rejects %s', (_what, build) => {
    expect(build).toThrow(InvalidRedisKeyError);
  });

  it('rejects a prefix with a hash tag', () => {
    expect(() => new RedisKeys('{tr}:')).toThrow(/REDIS_KEY_PREFIX/);
  });
});
