import { contentRpc } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { BookmarkImporter, type ImportedBookmark } from '../src/transfers/transfer-ports';
import { ContentTestBed, newUserId } from './content-test-harness';

function row(line: number, url: string, extra: Partial<ImportedBookmark> = {}): ImportedBookmark {
  return {
    line,
    url,
    title: `Title ${line}`,
    description: '',
    tags: [],
    folderPath: [],
    addedAt: null,
    favorite: false,
    read: false,
    archived: false,
    ...extra,
  };
}

/** The BookmarkImporter the import jobs call, in the caller's transaction. */
describe('content service: bookmark importer', () => {
  let bed: ContentTestBed;

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'content_import');
  });

  afterAll(async () => {
    await bed?.close();
  });

  function importBatch(userId: string, rows: ImportedBookmark[]) {
    const importer = bed.app.get(BookmarkImporter);
    return bed.app
      .get(Outbox)
      .transaction((manager, emit) => importer.importBatch(manager, userId, rows, emit));
  }

  it('saves valid rows, skips invalid and already saved URLs with the line and reason', async () => {
    const userId = newUserId();
    await bed.call(contentRpc.createBookmark, { userId, url: 'https://saved.example/' });
    const outcome = await importBatch(userId, [
      row(1, 'https://new.example/a?utm_medium=x', { tags: ['#Read Later', 'bad tag!'], favorite: true }),
      row(2, 'javascript:alert(1)'),
      row(3, 'https://SAVED.example/#top'),
      row(4, 'https://new.example/a'),
      row(5, 'https://other.example/', { addedAt: new Date('2020-05-06T07:08:09.000Z'), read: true }),
    ]);
    expect(outcome.imported).toBe(2);
    expect(
      outcome.skipped.map((skip) => [
        skip.line,
        skip.reason.startsWith('invalid URL') ? 'invalid' : skip.reason,
      ]),
    ).toEqual([
      [2, 'invalid'],
      [3, 'already saved'],
      [4, 'already saved'],
    ]);
    const { items } = await bed.call(contentRpc.listBookmarks, { userId, sort: 'createdAt' });
    expect(items.map((item) => [item.url, item.tags, item.favorite, item.read])).toEqual([
      ['https://other.example/', [], false, true],
      ['https://saved.example/', [], false, false],
      ['https://new.example/a', ['read-later'], true, false],
    ]);
    expect(items[0].createdAt).toBe('2020-05-06T07:08:09.000Z');
    const events = await bed.outbox(userId);
    const created = events.filter(
      (event) => event.type === 'bookmark.created' && event.data.source === 'import',
    );
    expect(created.map((event) => (event.data.bookmark as { url: string }).url)).toEqual([
      'https://new.example/a',
      'https://other.example/',
    ]);
    expect(events.filter((event) => event.type === 'tag.created').map((event) => event.data.name)).toEqual([
      'read-later',
    ]);
  });

  it('turns folder paths into nested collections, created once and reused by later batches', async () => {
    const userId = newUserId();
    const { collection: existing } = await bed.call(contentRpc.createCollection, { userId, name: 'Dev' });
    await importBatch(userId, [
      row(1, 'https://a.example/', { folderPath: ['dev', 'Rust'] }),
      row(2, 'https://b.example/', { folderPath: ['Dev', 'Rust'] }),
      row(3, 'https://c.example/', { folderPath: ['Dev'] }),
      row(4, 'https://d.example/', { folderPath: ['Music', 'Jazz'] }),
    ]);
    await importBatch(userId, [row(5, 'https://e.example/', { folderPath: ['Music', 'Jazz'] })]);
    const collections = (await bed.call(contentRpc.listCollections, { userId })).items;
    expect(collections.map((collection) => collection.name).sort()).toEqual(['Dev', 'Jazz', 'Music', 'Rust']);
    const rust = collections.find((collection) => collection.name === 'Rust')!;
    const jazz = collections.find((collection) => collection.name === 'Jazz')!;
    expect(rust.parentId).toBe(existing.id);
    const bookmarks = (await bed.call(contentRpc.listBookmarks, { userId, sort: 'createdAt' })).items;
    expect(bookmarks.map((bookmark) => bookmark.collectionId)).toEqual([
      rust.id,
      rust.id,
      existing.id,
      jazz.id,
      jazz.id,
    ]);
    expect((await bed.outboxTypes(userId)).filter((type) => type === 'collection.created')).toHaveLength(4);
  });

  it('imports 2,000 bookmarks in batches of 500, each row with its tags and folder', async () => {
    const userId = newUserId();
    let imported = 0;
    for (let batch = 0; batch < 4; batch += 1) {
      const rows = Array.from({ length: 500 }, (_, index) => {
        const line = batch * 500 + index + 1;
        return row(line, `https://bulk.example/${line}`, {
          tags: [`t${line % 7}`, 'bulk'],
          folderPath: ['Bulk', `F${line % 3}`],
        });
      });
      imported += (await importBatch(userId, rows)).imported;
    }
    expect(imported).toBe(2000);
    const counts = await bed.query<{ bookmarks: number; tagged: number }>(
      `SELECT (SELECT count(*)::int FROM content.bookmarks WHERE user_id = $1) AS bookmarks,
              (SELECT count(*)::int FROM content.item_tags WHERE user_id = $1) AS tagged`,
      [userId],
    );
    expect(counts[0]).toEqual({ bookmarks: 2000, tagged: 4000 });
    expect((await bed.outboxTypes(userId)).filter((type) => type === 'bookmark.created')).toHaveLength(2000);
  });
});
