import { contentRpc } from '@tracera/contracts';
import { AccountReader } from '../src/transfers/transfer-ports';
import { ContentTestBed, fieldsOf, newUserId } from './content-test-harness';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/** The sources of read-model rebuilds (content.index.page) and of exports (AccountReader). */
describe('content service: index pages and account reading', () => {
  let bed: ContentTestBed;
  const alice = newUserId();
  const bob = newUserId();

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'content_index');
    const { collection: work } = await bed.call(contentRpc.createCollection, { userId: alice, name: 'Work' });
    const { collection: inner } = await bed.call(contentRpc.createCollection, {
      userId: alice,
      name: 'Inner',
      parentId: work.id,
    });
    for (let index = 0; index < 3; index += 1) {
      await bed.call(contentRpc.createBookmark, {
        userId: alice,
        url: `https://alice.example/${index}`,
        tags: ['a'],
        collectionId: index === 0 ? inner.id : null,
      });
    }
    await bed.call(contentRpc.createNote, { userId: alice, title: 'note', body: 'text' });
    await bed.call(contentRpc.createTask, { userId: bob, title: 'task', tags: ['b'] });
    const { bookmark } = await bed.call(contentRpc.createBookmark, {
      userId: bob,
      url: 'https://bob.example/',
    });
    await bed.call(contentRpc.deleteBookmark, { userId: bob, id: bookmark.id });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('pages through every live item and collection of every user exactly once', async () => {
    const items: contentRpc.IndexedItem[] = [];
    const collections: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await bed.call(contentRpc.indexPage, { limit: 2, cursor });
      expect(page.items.length + page.collections.length).toBeLessThanOrEqual(2);
      items.push(...page.items);
      collections.push(...page.collections.map((entry) => entry.collection.name));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined && pages < 50);
    expect(collections.sort()).toEqual(['Inner', 'Work']);
    expect(items.map((entry) => `${entry.type}:${entry.userId === alice ? 'alice' : 'bob'}`)).toEqual([
      'bookmark:alice',
      'bookmark:alice',
      'bookmark:alice',
      'note:alice',
      'task:bob',
    ]);
    expect(items.find((entry) => entry.type === 'task')?.item.tags).toEqual(['b']);
    expect(new Set(items.map((entry) => entry.item.id)).size).toBe(items.length);
  });

  it('refuses a cursor it did not hand out', async () => {
    const error = await bed.failure(contentRpc.indexPage, { limit: 10, cursor: 'bm90LWEtY3Vyc29y' });
    expect(fieldsOf(error)).toEqual(['cursor']);
  });

  it('reads one user account for exports, bookmarks with their collection path', async () => {
    const reader = bed.app.get(AccountReader);
    const bookmarks = await collect(reader.bookmarks(alice));
    expect(bookmarks.map((bookmark) => [bookmark.url, bookmark.collectionPath, bookmark.tags])).toEqual([
      ['https://alice.example/0', ['Work', 'Inner'], ['a']],
      ['https://alice.example/1', [], ['a']],
      ['https://alice.example/2', [], ['a']],
    ]);
    expect((await collect(reader.notes(alice))).map((note) => note.title)).toEqual(['note']);
    expect(await collect(reader.tasks(alice))).toEqual([]);
    expect(await collect(reader.files(alice))).toEqual([]);
    expect((await reader.collections(alice)).map((collection) => collection.name).sort()).toEqual([
      'Inner',
      'Work',
    ]);
    expect(await reader.tags(alice)).toMatchObject([{ name: 'a', itemCount: 3 }]);
    expect(await collect(reader.bookmarks(bob))).toEqual([]);
  });
});
