import { analyticsRpc, authEvent, contentEvent } from '@tracera/contracts';
import { AnalyticsTestBed, newId } from './analytics-test-bed';
import { bookmarkSnapshot, noteSnapshot, taskSnapshot } from './scripted-history';

const DAY_MS = 86_400_000;

describe('analytics recommendations', () => {
  let bed: AnalyticsTestBed;

  const ago = (days: number) => new Date(Date.now() - days * DAY_MS);

  const note = async (userId: string, title: string, tags: string[], at: Date, id = newId(), version = 1) => {
    await bed.publish(
      version === 1 ? contentEvent.noteCreated : contentEvent.noteUpdated,
      version === 1
        ? { userId, note: { ...noteSnapshot(id, tags, at, version), title } }
        : { userId, note: { ...noteSnapshot(id, tags, at, version), title }, changed: ['title', 'tags'] },
      { at },
    );
    return id;
  };

  const bookmark = async (userId: string, title: string, domain: string, tags: string[], at: Date) => {
    const id = newId();
    await bed.publish(
      contentEvent.bookmarkCreated,
      { userId, bookmark: { ...bookmarkSnapshot(id, domain, tags, at), title }, source: 'api' },
      { at },
    );
    return id;
  };

  const recommend = (userId: string, limit?: number) =>
    bed.call(analyticsRpc.recommendations, { userId, ...(limit ? { limit } : {}) });

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('analytics-recommendations');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('suggests the person’s own items related by tags, title and site, with reasons', async () => {
    const ada = await bed.addUser();
    await note(ada.id, 'Async in depth', ['rust', 'async'], ago(1));
    await bookmark(ada.id, 'Tokio internals explained', 'tokio.rs', [], ago(2));
    const byTags = await note(ada.id, 'Ownership', ['rust', 'async'], ago(40));
    const byOneTag = await note(ada.id, 'Lifetimes', ['rust'], ago(41));
    const bySite = await bookmark(ada.id, 'Blog index', 'tokio.rs', [], ago(50));
    const byTitle = await note(ada.id, 'Tokio internals: the scheduler', [], ago(60));
    const unrelated = await note(ada.id, 'Sourdough starter', ['baking'], ago(30));
    await bed.settle();

    const { items } = await recommend(ada.id);
    const byId = new Map(items.map((entry) => [entry.id, entry]));
    expect(byId.get(byTags)).toMatchObject({
      type: 'note',
      title: 'Ownership',
      reason: 'Shares #async and #rust with “Async in depth”',
    });
    expect(byId.get(byOneTag)?.reason).toBe('Shares #rust with “Async in depth”');
    expect(byId.get(bySite)).toMatchObject({
      type: 'bookmark',
      reason: 'Same site as “Tokio internals explained” (tokio.rs)',
    });
    expect(byId.get(byTitle)?.reason).toBe('Similar title to “Tokio internals explained”');
    expect(byId.has(unrelated)).toBe(false);
    // Two shared tags outrank one; the list is ordered by score.
    expect(byId.get(byTags)!.score).toBeGreaterThan(byId.get(byOneTag)!.score);
    expect(items.map((entry) => entry.score)).toEqual(
      [...items.map((entry) => entry.score)].sort((a, b) => b - a),
    );
    expect((await recommend(ada.id, 2)).items).toEqual(items.slice(0, 2));
  });

  it('never shows deleted items, done tasks or anybody else’s items', async () => {
    const ada = await bed.addUser();
    const bob = await bed.addUser();
    await note(ada.id, 'Kubernetes upgrade', ['k8s'], ago(1));
    const kept = await note(ada.id, 'Helm charts', ['k8s'], ago(20));
    const deleted = await note(ada.id, 'Old cluster notes', ['k8s'], ago(21));
    const doneTask = newId();
    await bed.publish(
      contentEvent.taskCompleted,
      {
        userId: ada.id,
        task: { ...taskSnapshot(doneTask, ['k8s'], ago(22), true, 2), title: 'Patch nodes' },
      },
      { at: ago(22) },
    );
    const bobs = await note(bob.id, 'Bob on k8s', ['k8s'], ago(2));
    const bobsOther = await note(bob.id, 'Bob’s cluster', ['k8s'], ago(3));
    await bed.settle();
    expect((await recommend(ada.id)).items.map((entry) => entry.id)).toEqual(
      expect.arrayContaining([kept, deleted]),
    );

    await bed.publish(contentEvent.noteDeleted, { userId: ada.id, id: deleted, version: 1 });
    // A snapshot of the deleted version arriving late cannot bring it back.
    await note(ada.id, 'Old cluster notes', ['k8s'], ago(21), deleted, 1);
    // Nor can a person's event about someone else's item id touch it.
    await bed.publish(contentEvent.noteDeleted, { userId: bob.id, id: kept, version: 5 });
    await bed.settle();

    const ids = (await recommend(ada.id)).items.map((entry) => entry.id);
    expect(ids).toEqual([kept]);
    expect(ids).not.toContain(doneTask);
    expect(ids).not.toContain(bobs);
    // Bob's two recent notes relate to each other; nothing of Ada's shows up for him.
    expect((await recommend(bob.id)).items.map((entry) => entry.id).sort()).toEqual([bobs, bobsOther].sort());
  });

  it('keeps the highest version whatever the order snapshots arrive in', async () => {
    const ada = await bed.addUser();
    await note(ada.id, 'Postgres tuning', ['postgres'], ago(1));
    const id = newId();
    await note(ada.id, 'Vacuum explained', ['postgres'], ago(30), id, 1);
    await note(ada.id, 'Vacuum explained', ['postgres'], ago(29), id, 3);
    await bed.settle();
    // Version 2 arrives after version 3: ignored.
    await note(ada.id, 'Gardening', ['garden'], ago(29), id, 2);
    await bed.settle();
    expect(await bed.query('SELECT title, tags, version FROM analytics.items WHERE id = $1', [id])).toEqual([
      { title: 'Vacuum explained', tags: ['postgres'], version: 3 },
    ]);
    expect((await recommend(ada.id)).items).toEqual([
      expect.objectContaining({ id, reason: 'Shares #postgres with “Postgres tuning”' }),
    ]);
  });

  it('applies tag renames, merges and deletions to the person’s items', async () => {
    const ada = await bed.addUser();
    const bob = await bed.addUser();
    await note(ada.id, 'Seed', ['golang', 'web'], ago(1));
    const other = await note(ada.id, 'Channels', ['golang'], ago(30));
    const bobs = await note(bob.id, 'Bob golang', ['golang'], ago(30));
    await bed.settle();

    await bed.publish(contentEvent.tagRenamed, {
      userId: ada.id,
      tagId: newId(),
      oldName: 'golang',
      newName: 'go',
    });
    await bed.settle();
    expect((await recommend(ada.id)).items).toEqual([
      expect.objectContaining({ id: other, reason: 'Shares #go with “Seed”' }),
    ]);
    expect(await bed.query('SELECT tags FROM analytics.items WHERE id = $1', [bobs])).toEqual([
      { tags: ['golang'] },
    ]);

    await bed.publish(contentEvent.tagMerged, {
      userId: ada.id,
      fromId: newId(),
      fromName: 'web',
      intoId: newId(),
      intoName: 'go',
    });
    await bed.publish(contentEvent.tagDeleted, { userId: ada.id, tagId: newId(), name: 'nothing-here' });
    await bed.settle();
    const tags = await bed.query<{ title: string; tags: string[] }>(
      'SELECT title, tags FROM analytics.items WHERE user_id = $1 ORDER BY title',
      [ada.id],
    );
    expect(tags).toEqual([
      { title: 'Channels', tags: ['go'] },
      { title: 'Seed', tags: ['go'] },
    ]);

    await bed.publish(contentEvent.tagDeleted, { userId: ada.id, tagId: newId(), name: 'go' });
    await bed.settle();
    expect((await recommend(ada.id)).items).toEqual([]);
  });

  it('caches the answer until the person’s activity or items change', async () => {
    const ada = await bed.addUser();
    await note(ada.id, 'Seed', ['cache'], ago(1));
    const candidate = await note(ada.id, 'Redis eviction', ['cache'], ago(30));
    await bed.settle();
    const first = await recommend(ada.id);
    expect(first.items.map((entry) => entry.title)).toEqual(['Redis eviction']);

    // Changed behind the service's back: the cached answer still shows the old title.
    await bed.query(`UPDATE analytics.items SET title = 'Changed quietly' WHERE id = $1`, [candidate]);
    expect(await recommend(ada.id)).toEqual(first);

    // New activity invalidates the person's results, even one that changes no item (a sign-in).
    await bed.publish(authEvent.sessionCreated, {
      userId: ada.id,
      sessionId: 's1',
      ip: null,
      userAgent: null,
    });
    await bed.settle();
    expect((await recommend(ada.id)).items.map((entry) => entry.title)).toEqual(['Changed quietly']);

    // So does a deletion, which is no activity.
    await bed.publish(contentEvent.noteDeleted, { userId: ada.id, id: candidate, version: 1 });
    await bed.settle();
    expect((await recommend(ada.id)).items).toEqual([]);
  });
});
