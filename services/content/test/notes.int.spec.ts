import { contentRpc } from '@tracera/contracts';
import { ContentTestBed, fieldsOf, newUserId } from './content-test-harness';

describe('content service: notes', () => {
  let bed: ContentTestBed;

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'content_notes');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('creates, reads, updates and deletes a note with one event per change', async () => {
    const userId = newUserId();
    const { note } = await bed.call(contentRpc.createNote, {
      userId,
      title: 'Plan',
      body: '# Plan\n- one',
      tags: ['work'],
    });
    expect(note).toMatchObject({
      title: 'Plan',
      body: '# Plan\n- one',
      pinned: false,
      tags: ['work'],
      version: 1,
    });
    expect(await bed.call(contentRpc.getNote, { userId, id: note.id })).toEqual({ note });

    const { note: pinned } = await bed.call(contentRpc.updateNote, {
      userId,
      id: note.id,
      pinned: true,
      body: '# Plan\n- one\n- two',
      expectedVersion: 1,
    });
    expect(pinned).toMatchObject({ pinned: true, version: 2 });
    expect(Date.parse(pinned.updatedAt)).toBeGreaterThanOrEqual(Date.parse(note.updatedAt));

    await bed.call(contentRpc.deleteNote, { userId, id: note.id });
    expect((await bed.failure(contentRpc.getNote, { userId, id: note.id })).code).toBe('NOT_FOUND');
    const events = await bed.outbox(userId);
    expect(events.map((event) => event.type)).toEqual([
      'tag.created',
      'note.created',
      'note.updated',
      'note.deleted',
    ]);
    expect(events[2].data).toEqual({ userId, note: pinned, changed: ['body', 'pinned'] });
    expect(events[3].data).toEqual({ userId, id: note.id, version: 2 });
  });

  it('keeps a note in a collection and lists by collection, pinned and tag', async () => {
    const userId = newUserId();
    const { collection } = await bed.call(contentRpc.createCollection, { userId, name: 'Work' });
    const inWork = await bed.call(contentRpc.createNote, {
      userId,
      title: 'In work',
      body: '',
      collectionId: collection.id,
      pinned: true,
    });
    await bed.call(contentRpc.createNote, { userId, title: 'Loose', body: '', tags: ['loose'] });
    const byCollection = await bed.call(contentRpc.listNotes, { userId, collectionId: collection.id });
    expect(byCollection.items.map((item) => item.id)).toEqual([inWork.note.id]);
    const byPinned = await bed.call(contentRpc.listNotes, { userId, pinned: true });
    expect(byPinned.items.map((item) => item.title)).toEqual(['In work']);
    const byTag = await bed.call(contentRpc.listNotes, { userId, tag: 'loose' });
    expect(byTag.items.map((item) => item.title)).toEqual(['Loose']);
  });

  it('sorts by most recently updated by default and pages by cursor', async () => {
    const userId = newUserId();
    const created = [];
    for (const title of ['first', 'second', 'third']) {
      created.push((await bed.call(contentRpc.createNote, { userId, title, body: '' })).note);
    }
    await bed.call(contentRpc.updateNote, { userId, id: created[0].id, body: 'touched' });
    const first = await bed.call(contentRpc.listNotes, { userId, limit: 2 });
    expect(first.items.map((item) => item.title)).toEqual(['first', 'third']);
    const second = await bed.call(contentRpc.listNotes, {
      userId,
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((item) => item.title)).toEqual(['second']);
    expect(second.nextCursor).toBeNull();
  });

  it('pages by title even when titles are too long to carry in the cursor', async () => {
    const userId = newUserId();
    const long = 'x'.repeat(300);
    for (const suffix of ['a', 'b', 'c']) {
      await bed.call(contentRpc.createNote, { userId, title: `${long}${suffix}`, body: '' });
    }
    const first = await bed.call(contentRpc.listNotes, { userId, limit: 1, sort: 'title' });
    expect(first.nextCursor!.length).toBeLessThanOrEqual(200);
    const second = await bed.call(contentRpc.listNotes, {
      userId,
      limit: 5,
      sort: 'title',
      cursor: first.nextCursor!,
    });
    expect(second.items.map((item) => item.title.slice(-1))).toEqual(['b', 'c']);
  });

  it('answers 412 for a stale version and stores nothing', async () => {
    const userId = newUserId();
    const { note } = await bed.call(contentRpc.createNote, { userId, title: 't', body: 'b' });
    await bed.call(contentRpc.updateNote, { userId, id: note.id, title: 't2' });
    const error = await bed.failure(contentRpc.updateNote, {
      userId,
      id: note.id,
      title: 't3',
      expectedVersion: 1,
    });
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.details).toEqual({ currentVersion: 2 });
    expect((await bed.call(contentRpc.getNote, { userId, id: note.id })).note.title).toBe('t2');
  });

  it('lets exactly one of two concurrent edits of the same version through', async () => {
    const userId = newUserId();
    const { note } = await bed.call(contentRpc.createNote, { userId, title: 'race', body: '' });
    const outcomes = await Promise.allSettled(
      ['left', 'right'].map((title) =>
        bed.call(contentRpc.updateNote, { userId, id: note.id, title, expectedVersion: 1 }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'PRECONDITION_FAILED', details: { currentVersion: 2 } });
  });

  it('refuses another user collection with VALIDATION on collectionId', async () => {
    const { collection } = await bed.call(contentRpc.createCollection, {
      userId: newUserId(),
      name: 'Theirs',
    });
    const error = await bed.failure(contentRpc.createNote, {
      userId: newUserId(),
      title: 'x',
      body: '',
      collectionId: collection.id,
    });
    expect(error.code).toBe('VALIDATION');
    expect(fieldsOf(error)).toEqual(['collectionId']);
  });

  it('answers the same note to a retried create and refuses the key for another request', async () => {
    const userId = newUserId();
    const request = { userId, title: 'once', body: '', idempotencyKey: 'abc' };
    const first = await bed.call(contentRpc.createNote, request);
    expect(await bed.call(contentRpc.createNote, request)).toEqual(first);
    const listed = await bed.call(contentRpc.listNotes, { userId });
    expect(listed.items).toHaveLength(1);
    const other = await bed.failure(contentRpc.createNote, { ...request, title: 'twice' });
    expect(fieldsOf(other)).toEqual(['Idempotency-Key']);
  });
});
