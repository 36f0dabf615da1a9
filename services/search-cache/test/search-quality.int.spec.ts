import { contentEvent } from '@tracera/contracts';
import { bookmark, newId, note, SearchTestBed, task } from './search-test-bed';

describe('search quality and the query language (real search-cache app, real content stream)', () => {
  let bed: SearchTestBed;
  const user = newId();
  const other = newId();
  const projects = newId();
  const work = newId();
  const exactTitle = note({ title: 'Kubernetes', body: 'notes on the cluster', tags: ['ops'] });
  const bodyMention = note({
    title: 'Weekly log',
    body: 'kubernetes kubernetes kubernetes came up again and again in kubernetes talks',
  });
  const doneTask = task({
    title: 'Upgrade kubernetes nodes',
    status: 'done',
    completedAt: '2026-11-01T09:00:00.000Z',
  });
  const openTask = task({ title: 'Write kubernetes runbook', status: 'todo', collectionId: work });
  const favBookmark = bookmark({
    title: 'Kubernetes docs',
    url: 'https://kubernetes.io/docs/',
    favorite: true,
    read: true,
    tags: ['docs', 'ops'],
    collectionId: projects,
  });
  const unreadBookmark = bookmark({ title: 'Cooking with <b>cheese</b>', description: 'a recipe & more' });
  const pinnedNote = note({
    title: 'Draft ideas',
    body: 'a "quantum garden" for pinned thoughts',
    pinned: true,
  });
  const foreign = note({ title: 'Kubernetes secrets', body: 'somebody else' });

  beforeAll(async () => {
    bed = await SearchTestBed.start();
    await bed.emit(contentEvent.collectionCreated, {
      userId: user,
      collection: {
        id: projects,
        name: 'Projects',
        parentId: null,
        createdAt: exactTitle.createdAt,
        updatedAt: exactTitle.createdAt,
        version: 1,
      },
    });
    await bed.emit(contentEvent.collectionCreated, {
      userId: user,
      collection: {
        id: work,
        name: 'Work',
        parentId: projects,
        createdAt: exactTitle.createdAt,
        updatedAt: exactTitle.createdAt,
        version: 1,
      },
    });
    for (const item of [exactTitle, bodyMention, pinnedNote])
      await bed.emit(contentEvent.noteCreated, { userId: user, note: item });
    for (const item of [doneTask, openTask])
      await bed.emit(contentEvent.taskCreated, { userId: user, task: item });
    for (const item of [favBookmark, unreadBookmark]) {
      await bed.emit(contentEvent.bookmarkCreated, { userId: user, bookmark: item, source: 'api' });
    }
    await bed.emit(contentEvent.noteCreated, { userId: other, note: foreign });
    await bed.settled();
  });

  afterAll(async () => {
    await bed.close();
  });

  const ids = async (q: string, userId = user) => (await bed.search(userId, q)).items.map((item) => item.id);

  it('ranks an exact title above items that only mention the word in their body', async () => {
    const result = await bed.search(user, 'kubernetes');
    expect(result.items[0].id).toBe(exactTitle.id);
    const titles = result.items.map((item) => item.id);
    expect(titles.indexOf(bodyMention.id)).toBeGreaterThan(titles.indexOf(exactTitle.id));
    expect(titles).toHaveLength(5);
    expect(result.facets).toEqual({ bookmark: 1, note: 2, task: 2, file: 0 });
    expect(result.facetsComplete).toBe(true);
  });

  it('finds words by prefix and despite a typo', async () => {
    expect(await ids('kube')).toContain(exactTitle.id);
    expect(await ids('kubernets')).toEqual(expect.arrayContaining([exactTitle.id, bodyMention.id]));
  });

  it('highlights matches in an HTML-escaped snippet', async () => {
    const [hit] = (await bed.search(user, 'recipe')).items;
    expect(hit.id).toBe(unreadBookmark.id);
    expect(hit.snippet).toContain('<mark>recipe</mark> &amp; more');
    expect(hit.title).toBe('Cooking with <b>cheese</b>');
    const [body] = (await bed.search(user, 'talks')).items;
    expect(body.snippet).toContain('<mark>talks</mark>');
  });

  it('applies phrases, exclusions, tags, types, states and collections', async () => {
    expect(await ids('"quantum garden"')).toEqual([pinnedNote.id]);
    expect(await ids('"garden quantum"')).toEqual([]);
    expect(await ids('kubernetes -runbook')).not.toContain(openTask.id);
    expect((await ids('#ops')).sort()).toEqual([exactTitle.id, favBookmark.id].sort());
    expect(await ids('kubernetes #docs')).toEqual([favBookmark.id]);
    expect((await ids('kubernetes type:task')).sort()).toEqual([doneTask.id, openTask.id].sort());
    expect(await ids('kubernetes is:done')).toEqual([doneTask.id]);
    expect(await ids('kubernetes is:todo')).toEqual([openTask.id]);
    expect(await ids('is:fav')).toEqual([favBookmark.id]);
    expect(await ids('is:unread')).toEqual([unreadBookmark.id]);
    expect(await ids('is:read')).toEqual([favBookmark.id]);
    expect(await ids('is:pinned')).toEqual([pinnedNote.id]);
    expect(await ids('is:archived')).toEqual([]);
    // Collections match by name and include their descendants.
    expect((await ids('in:projects')).sort()).toEqual([favBookmark.id, openTask.id].sort());
    expect(await ids('in:work')).toEqual([openTask.id]);
    expect(await ids('kubernetes type:note OR type:task -#ops')).toEqual(
      expect.arrayContaining([bodyMention.id, doneTask.id, openTask.id]),
    );
  });

  it('keeps facets for every type when a type: filter narrows the items', async () => {
    const result = await bed.search(user, 'kubernetes type:note');
    expect(result.items.every((item) => item.type === 'note')).toBe(true);
    expect(result.facets).toEqual({ bookmark: 1, note: 2, task: 2, file: 0 });
  });

  it('treats an unknown key:value as text', async () => {
    expect(await ids('foo:bar')).toEqual([]);
    expect(await ids('kubernetes is:nonsense')).toEqual([]);
  });

  it('pages with an opaque cursor and refuses a cursor of another query', async () => {
    const first = await bed.search(user, 'kubernetes', { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await bed.search(user, 'kubernetes', { limit: 2, cursor: first.nextCursor ?? undefined });
    const third = await bed.search(user, 'kubernetes', { limit: 2, cursor: second.nextCursor ?? undefined });
    const all = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(new Set(all).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    await expect(
      bed.search(user, 'cluster', { cursor: first.nextCursor ?? undefined }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it("never shows one user's items to another, cached or not", async () => {
    expect(await ids('secrets', other)).toEqual([foreign.id]);
    expect(await ids('secrets')).toEqual([]);
    expect(await ids('secrets')).toEqual([]);
    const theirs = await bed.search(other, 'kubernetes');
    expect(theirs.items.map((item) => item.id)).toEqual([foreign.id]);
    const again = await bed.search(other, 'kubernetes');
    expect(again.cached).toBe(true);
    expect(again.items.map((item) => item.id)).toEqual([foreign.id]);
  });
});
