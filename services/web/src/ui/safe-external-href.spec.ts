import { safeExternalHref } from './safe-external-href';

describe('safeExternalHref', () => {
  it('keeps http and https URLs', () => {
    expect(safeExternalHref('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c');
    expect(safeExternalHref('http://example.com')).toBe('http://example.com/');
    expect(safeExternalHref('HTTPS://Example.com/x')).toBe('https://example.com/x');
  });

  it('refuses script and other schemes, however they are spelled', () => {
    expect(safeExternalHref('javascript:alert(1)')).toBeUndefined();
    expect(safeExternalHref(' JavaScript:alert(1)')).toBeUndefined();
    expect(safeExternalHref('java\tscript:alert(1)')).toBeUndefined();
    expect(safeExternalHref('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeExternalHref('vbscript:msgbox(1)')).toBeUndefined();
    expect(safeExternalHref('file:///etc/passwd')).toBeUndefined();
  });

  it('refuses relative, empty and unparsable values', () => {
    expect(safeExternalHref('/library/notes')).toBeUndefined();
    expect(safeExternalHref('//evil.example')).toBeUndefined();
    expect(safeExternalHref('')).toBeUndefined();
    expect(safeExternalHref(null)).toBeUndefined();
    expect(safeExternalHref(undefined)).toBeUndefined();
    expect(safeExternalHref('not a url')).toBeUndefined();
  });
});
