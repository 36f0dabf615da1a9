import { contentEvent, contentRpc } from '@tracera/contracts';
import { ContentTestBed, newUserId } from '../../content/test/content-test-harness';
import { RebuildSearchIndexUseCase } from '../src/use-cases/rebuild-search-index.use-case';
import { note, SearchTestBed } from './search-test-bed';

describe('rebuilding the search index from the content service (both real, one stream)', () => {
  let search: SearchTestBed;
  let content: ContentTestBed;

  beforeAll(async () => {
    search = await SearchTestBed.start();
    content = await ContentTestBed.start({ REDIS_KEY_PREFIX: search.prefix });
  });

  afterAll(async () => {
    await content.close();
    await search.close();
  });

  it('indexes what content stores from its events, and a rebuild reloads exactly the live items', async () => {
    const user = newUserId();
    const { collection } = await content.call(contentRpc.createCollection, {
      userId: user,
      name: 'Greenhouse',
    });
    const kept = await content.call(contentRpc.createNote, {
      userId: user,
      title: 'Tomato seedlings',
      body: 'water daily',
      collectionId: collection.id,
    });
    const removed = await content.call(contentRpc.createNote, {
      userId: user,
      title: 'Tomato blight',
      body: '',
    });
    await content.call(contentRpc.deleteNote, { userId: user, id: removed.note.id });
    await search.settled();
    await waitForTitles(user, 'tomato', ['Tomato seedlings']);

    // A document the content service never had (a stray event) is gone after the rebuild.
    await search.emit(contentEvent.noteCreated, { userId: user, note: note({ title: 'Tomato ghost' }) });
    await search.settled();
    expect(await titles(user, 'tomato')).toContain('Tomato ghost');

    const report = await search.app.get(RebuildSearchIndexUseCase).execute(1);
    expect(report.items).toBeGreaterThanOrEqual(1);
    expect(await titles(user, 'tomato')).toEqual(['Tomato seedlings']);
    expect(await titles(user, 'in:greenhouse')).toEqual(['Tomato seedlings']);
    expect((await search.search(user, 'tomato')).items[0].id).toBe(kept.note.id);
  });

  async function titles(user: string, q: string): Promise<string[]> {
    return (await search.search(user, q)).items.map((item) => item.title);
  }

  async function waitForTitles(user: string, q: string, expected: string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (JSON.stringify(await titles(user, q)) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await titles(user, q)).toEqual(expected);
  }
});
