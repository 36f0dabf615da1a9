import { InvalidBookmarkUrlError, normalizeBookmarkUrl } from './bookmark-url';

describe('normalizeBookmarkUrl', () => {
  it('lower-cases scheme and host but keeps the path as typed', () => {
    expect(normalizeBookmarkUrl('HTTPS://Example.COM/Some/Path')).toEqual({
      url: 'https://example.com/Some/Path',
      domain: 'example.com',
    });
  });

  it('drops default ports and keeps other ports', () => {
    expect(normalizeBookmarkUrl('http://example.com:80/a').url).toBe('http://example.com/a');
    expect(normalizeBookmarkUrl('https://example.com:443/a').url).toBe('https://example.com/a');
    expect(normalizeBookmarkUrl('https://example.com:8443/a').url).toBe('https://example.com:8443/a');
  });

  it('drops the fragment', () => {
    expect(normalizeBookmarkUrl('https://example.com/doc#section-2').url).toBe('https://example.com/doc');
  });

  it('drops tracking parameters and keeps the others in their order', () => {
    const { url } = normalizeBookmarkUrl(
      'https://example.com/p?z=1&utm_source=news&a=2&UTM_Medium=x&fbclid=abc&gclid=1&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc&b=3',
    );
    expect(url).toBe('https://example.com/p?z=1&a=2&b=3');
  });

  it('leaves no bare "?" when every parameter was tracking', () => {
    expect(normalizeBookmarkUrl('https://example.com/p?utm_source=x&fbclid=y').url).toBe(
      'https://example.com/p',
    );
  });

  it('keeps a query it did not need to change exactly as written', () => {
    expect(normalizeBookmarkUrl('https://example.com/search?q=a+b&x=%2F').url).toBe(
      'https://example.com/search?q=a+b&x=%2F',
    );
  });

  it('makes URLs that differ only in tracking, fragment, case or port the same', () => {
    const variants = [
      'https://www.Example.com/read?id=7',
      'https://www.example.com:443/read?id=7#comments',
      'https://WWW.EXAMPLE.COM/read?utm_campaign=spring&id=7',
    ];
    const normalized = new Set(variants.map((raw) => normalizeBookmarkUrl(raw).url));
    expect([...normalized]).toEqual(['https://www.example.com/read?id=7']);
  });

  it('turns international host names into punycode', () => {
    expect(normalizeBookmarkUrl('https://bücher.example/straße')).toEqual({
      url: 'https://xn--bcher-kva.example/stra%C3%9Fe',
      domain: 'xn--bcher-kva.example',
    });
  });

  it('gives the domain without a leading www.', () => {
    expect(normalizeBookmarkUrl('https://www.news.example.org/').domain).toBe('news.example.org');
    expect(normalizeBookmarkUrl('https://wwwexample.org/').domain).toBe('wwwexample.org');
  });

  it('trims surrounding whitespace', () => {
    expect(normalizeBookmarkUrl('  https://example.com/  ').url).toBe('https://example.com/');
  });

  it.each([
    ['', 'empty'],
    ['example.com/page', 'not an absolute URL'],
    ['/relative/path', 'not an absolute URL'],
    ['javascript:alert(1)', 'only http and https'],
    ['ftp://example.com/file', 'only http and https'],
    ['file:///etc/passwd', 'only http and https'],
    ['data:text/html,hi', 'only http and https'],
    ['https://user:secret@example.com/', 'user name or password'],
    ['https://user@example.com/', 'user name or password'],
  ])('refuses %j (%s)', (raw, message) => {
    expect(() => normalizeBookmarkUrl(raw)).toThrow(InvalidBookmarkUrlError);
    expect(() => normalizeBookmarkUrl(raw)).toThrow(message);
  });

  it('refuses URLs longer than 2048 characters', () => {
    const long = `https://example.com/${'a'.repeat(2040)}`;
    expect(() => normalizeBookmarkUrl(long)).toThrow('longer than 2048');
    expect(normalizeBookmarkUrl(long.slice(0, 2048)).url).toHaveLength(2048);
  });
});
