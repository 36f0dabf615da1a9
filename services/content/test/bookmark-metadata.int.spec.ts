import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { contentRpc } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { ContentTestBed, migratedContentDatabase, newUserId, uniquePrefix } from './content-test-harness';

const PAGE = `<!doctype html><html><head>
  <title>Fetched title</title>
  <meta name="description" content="Fetched description">
  <link rel="icon" href="/icon.png">
</head><body>hello</body></html>`;

/** The background fetch of a new bookmark's title, description and favicon from a local page. */
describe('content service: bookmark metadata', () => {
  let server: Server;
  let origin: string;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests += 1;
      if (request.url?.startsWith('/broken')) {
        response.writeHead(500).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const enabled = { BOOKMARK_FETCH_METADATA: 'true', BOOKMARK_FETCH_ALLOW_PRIVATE: 'true' };

  async function metadataState(bed: ContentTestBed, id: string): Promise<string> {
    const rows = await bed.query<{ metadata_state: string }>(
      'SELECT metadata_state FROM content.bookmarks WHERE id = $1',
      [id],
    );
    return rows[0].metadata_state;
  }

  describe('enabled', () => {
    let bed: ContentTestBed;

    beforeAll(async () => {
      bed = await ContentTestBed.start(enabled, 'content_metadata');
    });

    afterAll(async () => {
      await bed?.close();
    });

    it('fills the empty fields, bumps the version and emits bookmark.updated', async () => {
      const userId = newUserId();
      const { bookmark } = await bed.call(contentRpc.createBookmark, { userId, url: `${origin}/page` });
      await waitFor(async () => (await metadataState(bed, bookmark.id)) === 'done', {
        description: 'metadata',
      });
      const { bookmark: fetched } = await bed.call(contentRpc.getBookmark, { userId, id: bookmark.id });
      expect(fetched).toMatchObject({
        title: 'Fetched title',
        description: 'Fetched description',
        faviconUrl: `${origin}/icon.png`,
        version: 2,
      });
      const updated = (await bed.outbox(userId)).filter((event) => event.type === 'bookmark.updated');
      expect(updated).toEqual([
        {
          type: 'bookmark.updated',
          data: { userId, bookmark: fetched, changed: ['title', 'description', 'faviconUrl'] },
        },
      ]);
    });

    it('never overwrites what the user typed', async () => {
      const userId = newUserId();
      const { bookmark } = await bed.call(contentRpc.createBookmark, {
        userId,
        url: `${origin}/typed`,
        title: 'Mine',
      });
      await waitFor(async () => (await metadataState(bed, bookmark.id)) === 'done', {
        description: 'metadata',
      });
      const { bookmark: fetched } = await bed.call(contentRpc.getBookmark, { userId, id: bookmark.id });
      expect(fetched).toMatchObject({ title: 'Mine', description: 'Fetched description' });
      const changed = (await bed.outbox(userId)).find((event) => event.type === 'bookmark.updated')?.data
        .changed;
      expect(changed).toEqual(['description', 'faviconUrl']);
    });

    it('records a failed fetch without touching the bookmark', async () => {
      const userId = newUserId();
      const { bookmark } = await bed.call(contentRpc.createBookmark, { userId, url: `${origin}/broken` });
      await waitFor(
        async () =>
          (
            await bed.query<{ metadata_error: string | null }>(
              'SELECT metadata_error FROM content.bookmarks WHERE id = $1',
              [bookmark.id],
            )
          )[0].metadata_error !== null,
        { description: 'a recorded failure' },
      );
      expect((await bed.call(contentRpc.getBookmark, { userId, id: bookmark.id })).bookmark.version).toBe(1);
    });
  });

  it('picks up bookmarks left pending by a service that stopped', async () => {
    const databaseUrl = await migratedContentDatabase('content_metadata_restart');
    const prefix = uniquePrefix();
    const userId = newUserId();
    // A worker of the first instance claimed the bookmark and died mid-fetch: its claim is long stale.
    const first = await ContentTestBed.start({
      ...enabled,
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: prefix,
    });
    const id = '0190a000-0000-7000-8000-00000000abcd';
    await first.query(
      `INSERT INTO content.bookmarks (id, user_id, url, domain, metadata_state, metadata_claimed_at)
       VALUES ($1, $2, $3, '127.0.0.1', 'pending', now() - interval '10 minutes')`,
      [id, userId, `${origin}/left-behind`],
    );
    await first.close();
    const second = await ContentTestBed.start({
      ...enabled,
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: prefix,
    });
    try {
      await waitFor(async () => (await metadataState(second, id)) === 'done', {
        description: 'resumed fetch',
      });
      expect((await second.call(contentRpc.getBookmark, { userId, id })).bookmark.title).toBe(
        'Fetched title',
      );
    } finally {
      await second.close();
    }
  });

  it('queues nothing when fetching is disabled', async () => {
    const bed = await ContentTestBed.start({ BOOKMARK_FETCH_ALLOW_PRIVATE: 'true' }, 'content_metadata_off');
    try {
      const before = requests;
      const { bookmark } = await bed.call(contentRpc.createBookmark, {
        userId: newUserId(),
        url: `${origin}/off`,
      });
      expect(await metadataState(bed, bookmark.id)).toBe('none');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(requests).toBe(before);
    } finally {
      await bed.close();
    }
  });
});
