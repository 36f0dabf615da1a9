import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type AppConfig } from '@tracera/config';
import { decodeHtml, PageFetchError, PageMetadataFetcher } from './page-metadata.fetcher';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function fetcherWith(settings: Partial<AppConfig['content']['metadataFetch']> = {}): PageMetadataFetcher {
  const metadataFetch = {
    enabled: true,
    allowPrivate: true,
    timeoutMs: 2000,
    maxBytes: 512 * 1024,
    ...settings,
  };
  return new PageMetadataFetcher({ content: { metadataFetch } } as AppConfig);
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PageFetchError) return error.reason;
    throw error;
  }
  throw new Error('expected the fetch to fail');
}

describe('PageMetadataFetcher', () => {
  let server: Server;
  let origin: string;
  const routes = new Map<string, Handler>();
  const html = (body: string, contentType = 'text/html; charset=utf-8'): Handler => {
    return (_request, response) => {
      response.writeHead(200, { 'content-type': contentType });
      response.end(body);
    };
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const handler = routes.get(new URL(request.url ?? '/', 'http://x').pathname);
      if (handler) handler(request, response);
      else response.writeHead(404).end('missing');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => routes.clear());

  it('prefers Open Graph title and description and resolves the icon link', async () => {
    routes.set(
      '/article/1',
      html(`<!doctype html><html><head>
        <title>Plain title</title>
        <meta property="og:title" content="  The &quot;real&quot; title ">
        <meta name="description" content="meta description">
        <meta property="og:description" content="OG description &amp; more">
        <link rel="stylesheet" href="/style.css">
        <link rel="shortcut icon" href="../static/fav.png">
      </head><body>hello</body></html>`),
    );
    await expect(fetcherWith().fetch(`${origin}/article/1`)).resolves.toEqual({
      title: 'The "real" title',
      description: 'OG description & more',
      faviconUrl: `${origin}/static/fav.png`,
    });
  });

  it('falls back to <title>, meta description and /favicon.ico', async () => {
    routes.set(
      '/plain',
      html(`<html><head><TITLE>
        Café   menu
      </TITLE><META NAME="Description" CONTENT="Lunch &amp; dinner"></head>
      <body><svg><title>icon label</title></svg></body></html>`),
    );
    await expect(fetcherWith().fetch(`${origin}/plain?x=1#frag`)).resolves.toEqual({
      title: 'Café menu',
      description: 'Lunch & dinner',
      faviconUrl: `${origin}/favicon.ico`,
    });
  });

  it('answers nulls for a page without metadata', async () => {
    routes.set('/empty', html('<html><body><p>nothing here</p></body></html>'));
    await expect(fetcherWith().fetch(`${origin}/empty`)).resolves.toEqual({
      title: null,
      description: null,
      faviconUrl: `${origin}/favicon.ico`,
    });
  });

  it('decodes Latin-1 pages declared in the header or in a meta tag', async () => {
    const latin1 = Buffer.from('<html><head><title>Crème brûlée</title></head></html>', 'latin1');
    routes.set('/header-charset', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' });
      response.end(latin1);
    });
    const withMeta = Buffer.from(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Señor EURO</title></head></html>'.replace(
        'EURO',
        '\x80',
      ),
      'latin1',
    );
    routes.set('/meta-charset', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(withMeta);
    });
    const fetcher = fetcherWith();
    expect((await fetcher.fetch(`${origin}/header-charset`)).title).toBe('Crème brûlée');
    expect((await fetcher.fetch(`${origin}/meta-charset`)).title).toBe('Señor €');
  });

  it('reads gzip-compressed pages', async () => {
    routes.set('/gzipped', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      response.end(gzipSync('<title>Compressed ✓</title>'));
    });
    expect((await fetcherWith().fetch(`${origin}/gzipped`)).title).toBe('Compressed ✓');
  });

  it('follows up to three redirects, resolving relative locations', async () => {
    routes.set('/r1', (_q, response) => response.writeHead(301, { location: '/r2' }).end());
    routes.set('/r2', (_q, response) => response.writeHead(302, { location: `${origin}/r3` }).end());
    routes.set('/r3', (_q, response) => response.writeHead(307, { location: 'final' }).end());
    routes.set('/final', html('<title>Arrived</title><link rel=icon href="i.ico">'));
    await expect(fetcherWith().fetch(`${origin}/r1`)).resolves.toMatchObject({
      title: 'Arrived',
      faviconUrl: `${origin}/i.ico`,
    });
  });

  it('gives up after the third redirect', async () => {
    routes.set('/loop', (_q, response) => response.writeHead(302, { location: '/loop' }).end());
    expect(await reason(fetcherWith().fetch(`${origin}/loop`))).toBe('too_many_redirects');
  });

  it('refuses a redirect to something other than http(s)', async () => {
    routes.set('/to-file', (_q, response) =>
      response.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    );
    expect(await reason(fetcherWith().fetch(`${origin}/to-file`))).toBe('bad_redirect');
    routes.set('/to-garbage', (_q, response) =>
      response.writeHead(302, { location: 'http://[not-a-host/' }).end(),
    );
    expect(await reason(fetcherWith().fetch(`${origin}/to-garbage`))).toBe('bad_redirect');
  });

  it('refuses pages that are not HTML, and error statuses', async () => {
    routes.set('/image', html('GIF89a', 'image/gif'));
    const fetcher = fetcherWith();
    expect(await reason(fetcher.fetch(`${origin}/image`))).toBe('not_html');
    expect(await reason(fetcher.fetch(`${origin}/nowhere`))).toBe('http_status');
  });

  it('refuses URLs that are not http(s)', async () => {
    expect(await reason(fetcherWith().fetch('ftp://example.com/'))).toBe('invalid_url');
    expect(await reason(fetcherWith().fetch('not a url'))).toBe('invalid_url');
  });

  it('stops reading after maxBytes and parses what it has', async () => {
    let sent = 0;
    routes.set('/endless', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><head><title>Huge page</title></head><body>');
      const timer = setInterval(() => {
        sent += 16 * 1024;
        response.write('x'.repeat(16 * 1024));
      }, 1);
      response.on('close', () => clearInterval(timer));
    });
    const metadata = await fetcherWith({ maxBytes: 64 * 1024, timeoutMs: 5000 }).fetch(`${origin}/endless`);
    expect(metadata.title).toBe('Huge page');
    expect(sent).toBeLessThan(5 * 1024 * 1024);
  });

  it('keeps a title cut off by maxBytes', async () => {
    routes.set('/cut', html(`<html><head><title>${'Long '.repeat(40)}`));
    const metadata = await fetcherWith({ maxBytes: 80 }).fetch(`${origin}/cut`);
    expect(metadata.title).toMatch(/^Long Long/);
  });

  it('times out the whole fetch, including a body that trickles', async () => {
    routes.set('/slow', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<html><head>');
      // Never ends: the fetch must not wait for it.
    });
    routes.set('/silent', () => undefined);
    const fetcher = fetcherWith({ timeoutMs: 200 });
    const started = Date.now();
    expect(await reason(fetcher.fetch(`${origin}/slow`))).toBe('timeout');
    expect(await reason(fetcher.fetch(`${origin}/silent`))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses private and loopback destinations unless allowPrivate', async () => {
    routes.set('/page', html('<title>internal</title>'));
    const port = (server.address() as AddressInfo).port;
    const guarded = fetcherWith({ allowPrivate: false });
    for (const url of [
      `${origin}/page`,
      `http://localhost:${port}/page`,
      `http://[::1]:${port}/page`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
    ]) {
      expect([url, await reason(guarded.fetch(url))]).toEqual([url, 'blocked_address']);
    }
    expect((await fetcherWith({ allowPrivate: true }).fetch(`http://localhost:${port}/page`)).title).toBe(
      'internal',
    );
  });

  it('re-checks every redirect hop against the address policy', async () => {
    // Only our test server's address is allowed, as a public site would be; a redirect from it into
    // another address (here a second loopback address, standing for the cloud metadata endpoint) is the
    // classic SSRF and must be refused before connecting.
    class OnlyTestServerFetcher extends PageMetadataFetcher {
      protected override readonly allows = (address: string) => address === '127.0.0.1';
    }
    routes.set('/to-internal', (_q, response) =>
      response.writeHead(302, { location: 'http://127.0.0.2/latest/meta-data/' }).end(),
    );
    routes.set('/to-mapped', (_q, response) =>
      response.writeHead(302, { location: 'http://[::ffff:127.0.0.3]/' }).end(),
    );
    routes.set('/page', html('<title>fine</title>'));
    const fetcher = new OnlyTestServerFetcher({
      content: { metadataFetch: { enabled: true, allowPrivate: false, timeoutMs: 2000, maxBytes: 65536 } },
    } as AppConfig);
    expect((await fetcher.fetch(`${origin}/page`)).title).toBe('fine');
    expect(await reason(fetcher.fetch(`${origin}/to-internal`))).toBe('blocked_address');
    expect(await reason(fetcher.fetch(`${origin}/to-mapped`))).toBe('blocked_address');
  });

  it('does nothing when metadata fetching is turned off', async () => {
    expect(await reason(fetcherWith({ enabled: false }).fetch(`${origin}/page`))).toBe('disabled');
  });
});

describe('decodeHtml', () => {
  it('honours a BOM and falls back to UTF-8 for unknown charsets', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('é')]);
    expect(decodeHtml(bom, 'text/html')).toBe('é');
    expect(decodeHtml(Buffer.from('ü'), 'text/html; charset=klingon')).toBe('ü');
  });
});
