import { contentRpc } from '@tracera/contracts';
import { ContentTestBed, fieldsOf, newUserId } from './content-test-harness';

describe('content service: tags and collections', () => {
  let bed: ContentTestBed;

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'content_tags');
  });

  afterAll(async () => {
    await bed?.close();
  });

  describe('tags', () => {
    it('lists tags by name with how many items carry each', async () => {
      const userId = newUserId();
      await bed.call(contentRpc.createBookmark, { userId, url: 'https://t.example/', tags: ['b', 'a'] });
      await bed.call(contentRpc.createNote, { userId, title: 'n', body: '', tags: ['a'] });
      await bed.call(contentRpc.createTag, { userId, name: 'C' });
      const first = await bed.call(contentRpc.listTags, { userId, limit: 2 });
      const second = await bed.call(contentRpc.listTags, { userId, limit: 2, cursor: first.nextCursor! });
      expect([...first.items, ...second.items].map((tag) => [tag.name, tag.itemCount])).toEqual([
        ['a', 2],
        ['b', 1],
        ['c', 0],
      ]);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses a tag name the user has with CONFLICT naming that tag', async () => {
      const userId = newUserId();
      const { tag } = await bed.call(contentRpc.createTag, { userId, name: 'Dup' });
      const error = await bed.failure(contentRpc.createTag, { userId, name: '#dup' });
      expect(error.code).toBe('CONFLICT');
      expect(error.details).toEqual({ existingId: tag.id });
    });

    it('renames a tag everywhere with one tag.renamed event, leaving item versions alone', async () => {
      const userId = newUserId();
      const { note } = await bed.call(contentRpc.createNote, { userId, title: 'n', body: '', tags: ['old'] });
      const { items } = await bed.call(contentRpc.listTags, { userId });
      const { tag } = await bed.call(contentRpc.renameTag, { userId, id: items[0].id, name: 'New' });
      expect(tag).toMatchObject({ name: 'new', itemCount: 1 });
      const after = await bed.call(contentRpc.getNote, { userId, id: note.id });
      expect(after.note).toMatchObject({ tags: ['new'], version: 1 });
      const events = await bed.outbox(userId);
      expect(events.at(-1)).toEqual({
        type: 'tag.renamed',
        data: { userId, tagId: tag.id, oldName: 'old', newName: 'new' },
      });
      const other = await bed.call(contentRpc.createTag, { userId, name: 'other' });
      const taken = await bed.failure(contentRpc.renameTag, { userId, id: other.tag.id, name: 'new' });
      expect(taken.code).toBe('CONFLICT');
    });

    it('merges a tag into another: items carry the target once, the source is gone', async () => {
      const userId = newUserId();
      const both = await bed.call(contentRpc.createTask, {
        userId,
        title: 'both',
        tags: ['js', 'javascript'],
      });
      const onlyFrom = await bed.call(contentRpc.createTask, { userId, title: 'from', tags: ['js'] });
      const tags = (await bed.call(contentRpc.listTags, { userId })).items;
      const from = tags.find((tag) => tag.name === 'js')!;
      const into = tags.find((tag) => tag.name === 'javascript')!;
      const { tag } = await bed.call(contentRpc.mergeTag, { userId, id: from.id, into: into.id });
      expect(tag).toMatchObject({ id: into.id, itemCount: 2 });
      expect((await bed.call(contentRpc.getTask, { userId, id: both.task.id })).task.tags).toEqual([
        'javascript',
      ]);
      expect((await bed.call(contentRpc.getTask, { userId, id: onlyFrom.task.id })).task.tags).toEqual([
        'javascript',
      ]);
      expect((await bed.failure(contentRpc.getTag, { userId, id: from.id })).code).toBe('NOT_FOUND');
      expect((await bed.outbox(userId)).at(-1)).toEqual({
        type: 'tag.merged',
        data: { userId, fromId: from.id, fromName: 'js', intoId: into.id, intoName: 'javascript' },
      });
      const self = await bed.failure(contentRpc.mergeTag, { userId, id: into.id, into: into.id });
      expect(fieldsOf(self)).toEqual(['into']);
    });

    it('deletes a tag off every item with one tag.deleted event', async () => {
      const userId = newUserId();
      const { bookmark } = await bed.call(contentRpc.createBookmark, {
        userId,
        url: 'https://gone.example/',
        tags: ['gone', 'kept'],
      });
      const gone = (await bed.call(contentRpc.listTags, { userId })).items.find(
        (tag) => tag.name === 'gone',
      )!;
      await bed.call(contentRpc.deleteTag, { userId, id: gone.id });
      const after = await bed.call(contentRpc.getBookmark, { userId, id: bookmark.id });
      expect(after.bookmark).toMatchObject({ tags: ['kept'], version: 1 });
      expect((await bed.outbox(userId)).at(-1)).toEqual({
        type: 'tag.deleted',
        data: { userId, tagId: gone.id, name: 'gone' },
      });
    });
  });

  describe('collections', () => {
    it('nests collections, with names unique among siblings regardless of case', async () => {
      const userId = newUserId();
      const { collection: top } = await bed.call(contentRpc.createCollection, { userId, name: 'Top' });
      const { collection: child } = await bed.call(contentRpc.createCollection, {
        userId,
        name: 'Child',
        parentId: top.id,
      });
      expect(child.parentId).toBe(top.id);
      // The same name elsewhere in the tree is fine.
      await bed.call(contentRpc.createCollection, { userId, name: 'child' });
      const clash = await bed.failure(contentRpc.createCollection, {
        userId,
        name: 'CHILD',
        parentId: top.id,
      });
      expect(clash.code).toBe('CONFLICT');
      expect(clash.details).toEqual({ existingId: child.id });
      const listed = await bed.call(contentRpc.listCollections, { userId });
      expect(listed.items.map((item) => item.name)).toEqual(['Child', 'child', 'Top']);
    });

    it('refuses to move a collection under itself or a descendant', async () => {
      const userId = newUserId();
      const { collection: a } = await bed.call(contentRpc.createCollection, { userId, name: 'A' });
      const { collection: b } = await bed.call(contentRpc.createCollection, {
        userId,
        name: 'B',
        parentId: a.id,
      });
      const { collection: c } = await bed.call(contentRpc.createCollection, {
        userId,
        name: 'C',
        parentId: b.id,
      });
      for (const parentId of [a.id, c.id]) {
        const error = await bed.failure(contentRpc.updateCollection, { userId, id: a.id, parentId });
        expect(error.code).toBe('VALIDATION');
        expect(fieldsOf(error)).toEqual(['parentId']);
      }
      const { collection: moved } = await bed.call(contentRpc.updateCollection, {
        userId,
        id: c.id,
        parentId: null,
        name: 'C top',
        expectedVersion: 1,
      });
      expect(moved).toMatchObject({ parentId: null, name: 'C top', version: 2 });
      const stale = await bed.failure(contentRpc.updateCollection, {
        userId,
        id: c.id,
        name: 'x',
        expectedVersion: 1,
      });
      expect(stale.code).toBe('PRECONDITION_FAILED');
    });

    it('deleting a collection moves its items and children to its parent, with one event', async () => {
      const userId = newUserId();
      const { collection: parent } = await bed.call(contentRpc.createCollection, { userId, name: 'Parent' });
      const { collection: doomed } = await bed.call(contentRpc.createCollection, {
        userId,
        name: 'Doomed',
        parentId: parent.id,
      });
      const { collection: child } = await bed.call(contentRpc.createCollection, {
        userId,
        name: 'Child',
        parentId: doomed.id,
      });
      const { note } = await bed.call(contentRpc.createNote, {
        userId,
        title: 'n',
        body: '',
        collectionId: doomed.id,
      });
      const { bookmark } = await bed.call(contentRpc.createBookmark, {
        userId,
        url: 'https://moved.example/',
        collectionId: doomed.id,
      });
      await bed.call(contentRpc.deleteCollection, { userId, id: doomed.id, expectedVersion: 1 });

      expect((await bed.call(contentRpc.getNote, { userId, id: note.id })).note).toMatchObject({
        collectionId: parent.id,
        version: 1,
      });
      expect(
        (await bed.call(contentRpc.getBookmark, { userId, id: bookmark.id })).bookmark.collectionId,
      ).toBe(parent.id);
      expect((await bed.call(contentRpc.getCollection, { userId, id: child.id })).collection.parentId).toBe(
        parent.id,
      );
      expect((await bed.outbox(userId)).at(-1)).toEqual({
        type: 'collection.deleted',
        data: { userId, id: doomed.id, parentId: parent.id, version: 1 },
      });
    });

    it('refuses a delete whose child would clash with a sibling of the same name', async () => {
      const userId = newUserId();
      const { collection: doomed } = await bed.call(contentRpc.createCollection, { userId, name: 'Doomed' });
      await bed.call(contentRpc.createCollection, { userId, name: 'Same', parentId: doomed.id });
      await bed.call(contentRpc.createCollection, { userId, name: 'same' });
      const error = await bed.failure(contentRpc.deleteCollection, { userId, id: doomed.id });
      expect(error.code).toBe('CONFLICT');
      expect((await bed.call(contentRpc.getCollection, { userId, id: doomed.id })).collection.id).toBe(
        doomed.id,
      );
    });
  });
});
