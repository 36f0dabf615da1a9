import { extractPageMetadata } from './page-metadata.extractor';

const PAGE = 'https://site.example/blog/post.html';

describe('extractPageMetadata', () => {
  it('resolves the icon against <base href>', () => {
    const html = '<head><base href="https://cdn.example/assets/"><link rel="icon" href="fav.svg"></head>';
    expect(extractPageMetadata(html, PAGE).faviconUrl).toBe('https://cdn.example/assets/fav.svg');
  });

  it('prefers rel=icon over apple-touch-icon, and skips icons that are not http(s)', () => {
    const html = `
      <link rel="apple-touch-icon" href="/touch.png">
      <link rel="icon" href="data:image/png;base64,AAAA">
      <link rel="ICON" type="image/png" href="//static.example/i.png">`;
    expect(extractPageMetadata(html, PAGE).faviconUrl).toBe('https://static.example/i.png');
    expect(extractPageMetadata('<link rel="apple-touch-icon" href="/t.png">', PAGE).faviconUrl).toBe(
      'https://site.example/t.png',
    );
  });

  it('takes the first title, ignoring an empty og:title and SVG titles', () => {
    const html = `<meta property="og:title" content="   "><svg><title>logo</title></svg>
      <title>First</title><title>Second</title>`;
    expect(extractPageMetadata(html, PAGE).title).toBe('First');
  });

  it('falls back to Twitter cards', () => {
    const html =
      '<meta name="twitter:title" content="Tweet title"><meta name="twitter:description" content="d">';
    expect(extractPageMetadata(html, PAGE)).toMatchObject({ title: 'Tweet title', description: 'd' });
  });

  it('survives garbage', () => {
    expect(extractPageMetadata('<<<>>><title', PAGE)).toEqual({
      title: null,
      description: null,
      faviconUrl: 'https://site.example/favicon.ico',
    });
  });
});
