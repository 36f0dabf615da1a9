import { createHash } from 'node:crypto';
import { ResultCacheKeys } from './result-cache-keys';

describe('ResultCacheKeys', () => {
  const keys = new ResultCacheKeys('tr:');

  it('tags every key of a user with {c:u:<userId>}', () => {
    const digest = createHash('sha256').update('kube #ops').digest('base64url');
    expect(keys.generation('42')).toBe('tr:{c:u:42}:gen');
    const entry = keys.entry('42', 'search', '1700000000000001', 'kube #ops');
    expect(entry).toBe(`tr:{c:u:42}:search:1700000000000001:${digest}`);
    expect(keys.lock(entry)).toBe(`${entry}:lock`);
  });

  it('gives a scope its own generation, so its invalidations leave unscoped entries be', () => {
    const scoped = new ResultCacheKeys('tr:', 'analytics');
    expect(scoped.generation('42')).toBe('tr:{c:u:42}:gen:analytics');
    expect(scoped.generation('42')).not.toBe(keys.generation('42'));
    expect(() => new ResultCacheKeys('tr:', 'an:alytics')).toThrow(RangeError);
  });

  it('refuses namespaces and user ids that would break the layout', () => {
    expect(() => keys.entry('42', 'se:arch', '1', 'q')).toThrow(RangeError);
    expect(() => keys.entry('42', '', '1', 'q')).toThrow(RangeError);
    expect(() => keys.generation('4{2}')).toThrow();
  });
});
