import { contentRpc } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { ContentTestBed, fieldsOf, newUserId } from './content-test-harness';

/** Bookmarks against the real content service, Postgres and Redis. */
describe('content service: bookmarks', () => {
  let bed: ContentTestBed;

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'content_bookmarks');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('stores the normalized URL and its domain, and answers the bookmark at version 1', async () => {
    const userId = newUserId();
    const { bookmark } = await bed.call(contentRpc.createBookmark, {
      userId,
      url: 'HTTPS://WWW.Example.COM:443/Path?utm_source=x&b=2&fbclid=y#section',
      title: 'Example',
      tags: ['#Kube Ops', 'kube-ops', 'reading'],
    });
    expect(bookmark).toMatchObject({
      url: 'https://www.example.com/Path?b=2',
      domain: 'example.com',
      title: 'Example',
      description: '',
      faviconUrl: null,
      favorite: false,
      read: false,
      archived: false,
      tags: ['kube-ops', 'reading'],
      collectionId: null,
      version: 1,
    });
    expect(await bed.call(contentRpc.getBookmark, { userId, id: bookmark.id })).toEqual({ bookmark });
  });

  it('refuses a second bookmark of the same URL with CONFLICT naming the existing one', async () => {
    const userId = newUserId();
    const { bookmark } = await bed.call(contentRpc.createBookmark, { userId, url: 'https://dup.example/a' });
    const error = await bed.failure(contentRpc.createBookmark, {
      userId,
      url: 'https://DUP.example/a#other-fragment',
    });
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toEqual({ existingId: bookmark.id });
    // Another user may save the same URL.
    await bed.call(contentRpc.createBookmark, { userId: newUserId(), url: 'https://dup.example/a' });
  });

  it('refuses an unknown collection with VALIDATION on collectionId', async () => {
    const error = await bed.failure(contentRpc.createBookmark, {
      userId: newUserId(),
      url: 'https://example.org/',
      collectionId: '0190a000-0000-7000-8000-000000000000',
    });
    expect(error.code).toBe('VALIDATION');
    expect(fieldsOf(error)).toEqual(['collectionId']);
  });

  it('emits tag.created for new tags, then bookmark.created with the full view', async () => {
    const userId = newUserId();
    const { bookmark } = await bed.call(contentRpc.createBookmark, {
      userId,
      url: 'https://events.example/',
      tags: ['news'],
    });
    const events = await bed.outbox(userId);
    expect(events.map((event) => event.type)).toEqual(['tag.created', 'bookmark.created']);
    expect(events[1].data).toEqual({ userId, bookmark, source: 'api' });
  });

  it('publishes the committed events on the content event stream', async () => {
    const userId = newUserId();
    const { bookmark } = await bed.call(contentRpc.createBookmark, {
      userId,
      url: 'https://stream.example/',
    });
    await waitFor(
      async () =>
        (await bed.events()).some(
          (event) =>
            event.type === 'bookmark.created' &&
            (event.data as { bookmark: { id: string } }).bookmark.id === bookmark.id,
        ),
      { description: 'bookmark.created on the stream' },
    );
    const published = (await bed.events()).find(
      (event) => event.type === 'bookmark.created' && event.actor === userId,
    );
    expect(published?.data).toEqual({ userId, bookmark, source: 'api' });
  });

  it('updates only what changed, bumps the version once and names the changed fields', async () => {
    const userId = newUserId();
    const { bookmark } = await bed.call(contentRpc.createBookmark, { userId, url: 'https://upd.example/' });
    const { bookmark: updated } = await bed.call(contentRpc.updateBookmark, {
      userId,
      id: bookmark.id,
      title: 'New title',
      favorite: true,
      read: false,
      tags: ['x'],
      expectedVersion: 1,
    });
    expect(updated).toMatchObject({ title: 'New title', favorite: true, tags: ['x'], version: 2 });
    const same = await bed.call(contentRpc.updateBookmark, { userId, id: bookmark.id, title: 'New title' });
    expect(same.bookmark.version).toBe(2);
    const events = await bed.outbox(userId);
    const updatedEvent = events.find((event) => event.type === 'bookmark.updated');
    expect(updatedEvent?.data).toEqual({ userId, bookmark: updated, changed: ['title', 'favorite', 'tags'] });
    expect(events.filter((event) => event.type === 'bookmark.updated')).toHaveLength(1);
  });

  it('answers PRECONDITION_FAILED with the current version when the expected one is stale', async () => {
    const userId = newUserId();
    const { bookmark } = await bed.call(contentRpc.createBookmark, { userId, url: 'https://stale.example/' });
    await bed.call(contentRpc.updateBookmark, { userId, id: bookmark.id, title: 'one' });
    const error = await bed.failure(contentRpc.updateBookmark, {
      userId,
      id: bookmark.id,
      title: 'two',
      expectedVersion: 1,
    });
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.details).toEqual({ currentVersion: 2 });
    const deleteError = await bed.failure(contentRpc.deleteBookmark, {
      userId,
      id: bookmark.id,
      expectedVersion: 1,
    });
    expect(deleteError.code).toBe('PRECONDITION_FAILED');
  });

  it('changing the URL to one the user already has is a CONFLICT', async () => {
    const userId = newUserId();
    const first = await bed.call(contentRpc.createBookmark, { userId, url: 'https://a.example/' });
    const second = await bed.call(contentRpc.createBookmark, { userId, url: 'https://b.example/' });
    const error = await bed.failure(contentRpc.updateBookmark, {
      userId,
      id: second.bookmark.id,
      url: 'https://A.example/',
    });
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toEqual({ existingId: first.bookmark.id });
  });

  it('deletes a bookmark with bookmark.deleted carrying its last version', async () => {
    const userId = newUserId();
    const { bookmark } = await bed.call(contentRpc.createBookmark, { userId, url: 'https://del.example/' });
    await bed.call(contentRpc.deleteBookmark, { userId, id: bookmark.id, expectedVersion: 1 });
    expect((await bed.failure(contentRpc.getBookmark, { userId, id: bookmark.id })).code).toBe('NOT_FOUND');
    const events = await bed.outbox(userId);
    expect(events.at(-1)).toEqual({
      type: 'bookmark.deleted',
      data: { userId, id: bookmark.id, version: 1 },
    });
    // The URL is free again.
    await bed.call(contentRpc.createBookmark, { userId, url: 'https://del.example/' });
  });

  it('returns the same bookmark for a retried create with the same Idempotency-Key', async () => {
    const userId = newUserId();
    const request = { userId, url: 'https://idem.example/', idempotencyKey: 'key-1' };
    const [first, second] = await Promise.all([
      bed.call(contentRpc.createBookmark, request),
      bed.call(contentRpc.createBookmark, request),
    ]);
    expect(second.bookmark.id).toBe(first.bookmark.id);
    const third = await bed.call(contentRpc.createBookmark, request);
    expect(third).toEqual(first);
    expect((await bed.outboxTypes(userId)).filter((type) => type === 'bookmark.created')).toHaveLength(1);
    const reused = await bed.failure(contentRpc.createBookmark, {
      ...request,
      url: 'https://other.example/',
    });
    expect(reused.code).toBe('VALIDATION');
    expect(fieldsOf(reused)).toEqual(['Idempotency-Key']);
  });

  describe('lists', () => {
    const userId = newUserId();
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const seeds: [string, { favorite?: boolean; read?: boolean; archived?: boolean; tags?: string[] }][] = [
        ['banana', { favorite: true, tags: ['fruit'] }],
        ['apple', { read: true, tags: ['fruit', 'red'] }],
        ['cherry', { archived: true, tags: ['red'] }],
        ['date', {}],
        ['elderberry', { favorite: true }],
      ];
      for (const [name, extra] of seeds) {
        const { bookmark } = await bed.call(contentRpc.createBookmark, {
          userId,
          url: `https://${name}.example/`,
          title: name[0].toUpperCase() + name.slice(1),
          ...extra,
        });
        ids[name] = bookmark.id;
      }
    });

    async function allPages(
      request: Omit<Parameters<typeof bed.call<typeof contentRpc.listBookmarks>>[1], 'userId'>,
    ) {
      const titles: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bed.call(contentRpc.listBookmarks, { userId, ...request, cursor });
        titles.push(...page.items.map((item) => item.title));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return titles;
    }

    it('pages newest first by default, with every bookmark exactly once', async () => {
      expect(await allPages({ limit: 2 })).toEqual(['Elderberry', 'Date', 'Cherry', 'Apple', 'Banana']);
    });

    it('sorts by title both ways across pages', async () => {
      expect(await allPages({ limit: 2, sort: 'title' })).toEqual([
        'Apple',
        'Banana',
        'Cherry',
        'Date',
        'Elderberry',
      ]);
      expect(await allPages({ limit: 3, sort: '-title' })).toEqual([
        'Elderberry',
        'Date',
        'Cherry',
        'Banana',
        'Apple',
      ]);
    });

    it('filters by tag, favorite, read and archived', async () => {
      expect(await allPages({ tag: '#Fruit', sort: 'title' })).toEqual(['Apple', 'Banana']);
      expect(await allPages({ favorite: true, sort: 'title' })).toEqual(['Banana', 'Elderberry']);
      expect(await allPages({ read: true })).toEqual(['Apple']);
      expect(await allPages({ archived: false, sort: 'title' })).toEqual([
        'Apple',
        'Banana',
        'Date',
        'Elderberry',
      ]);
      expect(await allPages({ tag: 'no-such-tag' })).toEqual([]);
    });

    it('refuses a cursor of another sort order', async () => {
      const page = await bed.call(contentRpc.listBookmarks, { userId, limit: 1 });
      const error = await bed.failure(contentRpc.listBookmarks, {
        userId,
        limit: 1,
        sort: 'title',
        cursor: page.nextCursor ?? undefined,
      });
      expect(fieldsOf(error)).toEqual(['cursor']);
    });
  });
});
