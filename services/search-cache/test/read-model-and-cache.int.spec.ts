import { authEvent, contentEvent } from '@tracera/contracts';
import { UserProfileCache } from '@tracera/sessions';
import { SearchDocumentRepository } from '../src/repositories/search-document.repository';
import { newId, note, SearchTestBed, task } from './search-test-bed';

describe('search read model and result cache (real search-cache app, real content stream)', () => {
  let bed: SearchTestBed;

  beforeAll(async () => {
    bed = await SearchTestBed.start();
  });

  afterAll(async () => {
    await bed.close();
  });

  const titles = async (userId: string, q: string) =>
    (await bed.search(userId, q)).items.map((item) => item.title);

  it('answers from the cache until an event of the user changes something, then never stale', async () => {
    const user = newId();
    const first = await bed.search(user, 'zeppelin');
    expect(first).toMatchObject({ items: [], cached: false });
    expect(await bed.search(user, 'zeppelin')).toMatchObject({ items: [], cached: true });

    const airship = note({ title: 'Zeppelin flight', body: 'over the lake' });
    await bed.emit(contentEvent.noteCreated, { userId: user, note: airship });
    await bed.settled();
    const after = await bed.search(user, 'zeppelin');
    expect(after).toMatchObject({ cached: false, items: [{ id: airship.id, title: 'Zeppelin flight' }] });
    expect(after.tookMs).toBeGreaterThanOrEqual(0);

    await bed.emit(contentEvent.noteDeleted, { userId: user, id: airship.id, version: 1 });
    await bed.settled();
    expect((await bed.search(user, 'zeppelin')).items).toEqual([]);
  });

  it('computes 100 concurrent identical misses with one database query', async () => {
    const user = newId();
    await bed.emit(contentEvent.noteCreated, {
      userId: user,
      note: note({ title: 'Single flight', body: 'once' }),
    });
    await bed.settled();
    const documents = bed.app.get(SearchDocumentRepository);
    const ranked = jest.spyOn(documents, 'rankedPage');
    try {
      const results = await Promise.all(Array.from({ length: 100 }, () => bed.search(user, 'single flight')));
      expect(results.every((result) => result.items.length === 1)).toBe(true);
      expect(ranked).toHaveBeenCalledTimes(1);
    } finally {
      ranked.mockRestore();
    }
  });

  it('converges whatever order and however often item events arrive', async () => {
    const user = newId();
    const v1 = note({ title: 'Orchid one', body: 'first' });
    const v2 = { ...v1, title: 'Orchid two', version: 2 };
    const v3 = { ...v1, title: 'Orchid three', version: 3 };
    await bed.emit(contentEvent.noteUpdated, { userId: user, note: v3, changed: ['title'] });
    await bed.emit(contentEvent.noteCreated, { userId: user, note: v1 });
    await bed.emit(contentEvent.noteUpdated, { userId: user, note: v2, changed: ['title'] });
    await bed.emit(contentEvent.noteUpdated, { userId: user, note: v3, changed: ['title'] });
    await bed.settled();
    expect(await titles(user, 'orchid')).toEqual(['Orchid three']);

    // A deletion first, then the item's own (older) events: it stays deleted.
    const gone = task({ title: 'Orchid repotting' });
    await bed.emit(contentEvent.taskDeleted, { userId: user, id: gone.id, version: 2 });
    await bed.emit(contentEvent.taskCreated, { userId: user, task: gone });
    await bed.emit(contentEvent.taskUpdated, {
      userId: user,
      task: { ...gone, version: 2 },
      changed: ['title'],
    });
    await bed.emit(contentEvent.taskDeleted, { userId: user, id: gone.id, version: 2 });
    await bed.settled();
    expect(await titles(user, 'orchid')).toEqual(['Orchid three']);
  });

  it('applies tag renames, merges and deletions to the user’s items', async () => {
    const user = newId();
    const tagged = note({ title: 'Tagged cactus', tags: ['green', 'plants'] });
    await bed.emit(contentEvent.noteCreated, { userId: user, note: tagged });
    await bed.emit(contentEvent.tagRenamed, {
      userId: user,
      tagId: newId(),
      oldName: 'green',
      newName: 'verdant',
    });
    await bed.settled();
    expect(await titles(user, '#verdant')).toEqual(['Tagged cactus']);
    expect(await titles(user, '#green')).toEqual([]);

    await bed.emit(contentEvent.tagMerged, {
      userId: user,
      fromId: newId(),
      fromName: 'plants',
      intoId: newId(),
      intoName: 'verdant',
    });
    await bed.settled();
    const [hit] = (await bed.search(user, 'cactus')).items;
    expect(hit.tags).toEqual(['verdant']);

    await bed.emit(contentEvent.tagDeleted, { userId: user, tagId: newId(), name: 'verdant' });
    await bed.settled();
    expect(await titles(user, '#verdant')).toEqual([]);
  });

  it('moves a deleted collection’s items to its parent, also for a late item event', async () => {
    const user = newId();
    const at = '2026-11-01T10:00:00.000Z';
    const garden = newId();
    const shed = newId();
    for (const [id, name, parentId] of [
      [garden, 'Garden', null],
      [shed, 'Shed', garden],
    ] as const) {
      await bed.emit(contentEvent.collectionCreated, {
        userId: user,
        collection: { id, name, parentId, createdAt: at, updatedAt: at, version: 1 },
      });
    }
    const rake = note({ title: 'Rake', collectionId: shed });
    await bed.emit(contentEvent.noteCreated, { userId: user, note: rake });
    await bed.settled();
    expect(await titles(user, 'in:shed')).toEqual(['Rake']);

    await bed.emit(contentEvent.collectionDeleted, { userId: user, id: shed, parentId: garden, version: 2 });
    const late = note({ title: 'Hoe', collectionId: shed });
    await bed.emit(contentEvent.noteCreated, { userId: user, note: late });
    await bed.settled();
    expect(await titles(user, 'in:shed')).toEqual([]);
    expect((await titles(user, 'in:garden')).sort()).toEqual(['Hoe', 'Rake']);
  });

  it('drops the cached profile when user.updated arrives', async () => {
    const profiles = bed.app.get(UserProfileCache);
    const user = newId();
    await profiles.put({
      id: user,
      email: 'p@example.test',
      username: 'p',
      displayName: 'Old name',
      role: 'user',
      timeZone: 'UTC',
      locale: 'en',
      avatarUrl: null,
      createdAt: '2026-11-01T10:00:00.000Z',
    });
    expect(await profiles.get(user)).toBeDefined();
    await bed.emit(authEvent.userUpdated, {
      userId: user,
      changed: ['displayName'],
      username: 'p',
      displayName: 'New name',
      avatarUrl: null,
      timeZone: 'UTC',
      locale: 'en',
      role: 'user',
      disabled: false,
    });
    await bed.settled();
    expect(await profiles.get(user)).toBeUndefined();
  });
});

describe('search without its cache', () => {
  it('still answers when the cache Redis is down', async () => {
    // Nothing listens on port 1: every cache call fails and falls through to the database.
    const bed = await SearchTestBed.start({ CACHE_REDIS_ADDR: '127.0.0.1:1' });
    try {
      const user = newId();
      await bed.emit(contentEvent.noteCreated, { userId: user, note: note({ title: 'Offline cache' }) });
      await bed.settled();
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect(await bed.search(user, 'offline')).toMatchObject({
          cached: false,
          items: [{ title: 'Offline cache' }],
        });
      }
    } finally {
      await bed.close();
    }
  });

  it('bypasses the cache when REDIS_CACHE_ENABLED=false', async () => {
    const bed = await SearchTestBed.start({ REDIS_CACHE_ENABLED: 'false' });
    try {
      const user = newId();
      await bed.emit(contentEvent.noteCreated, { userId: user, note: note({ title: 'Uncached' }) });
      await bed.settled();
      expect(await bed.search(user, 'uncached')).toMatchObject({ cached: false });
      expect(await bed.search(user, 'uncached')).toMatchObject({ cached: false });
    } finally {
      await bed.close();
    }
  });
});
