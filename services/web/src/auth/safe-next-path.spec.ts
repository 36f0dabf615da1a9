import { safeNextPath } from './safe-next-path';

describe('safeNextPath (open-redirect safe ?next=)', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/library/notes?item=0193', '/library/notes?item=0193'],
    ['/search?q=a%20b#results', '/search?q=a%20b#results'],
    ['/chat/../settings', '/settings'],
  ])('keeps the same-site path %s', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    'https://evil.example/dashboard',
    'http:evil.example',
    '//evil.example',
    '//evil.example/dashboard',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'javascript:alert(1)',
    'dashboard',
    '',
  ])('refuses %j', (raw) => {
    expect(safeNextPath(raw)).toBeNull();
  });

  it('refuses the signed-out pages themselves, and missing or repeated values', () => {
    expect(safeNextPath('/sign-in?next=/x')).toBeNull();
    expect(safeNextPath('/register')).toBeNull();
    expect(safeNextPath('/setup')).toBeNull();
    expect(safeNextPath(null)).toBeNull();
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath(['/a', '/b'])).toBeNull();
  });
});
