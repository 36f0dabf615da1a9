import { contentRpc, type RpcContract } from '@tracera/contracts';
import { ContentTestBed, newUserId } from './content-test-harness';

/** Somebody else's id answers NOT_FOUND exactly like a missing one, on every RPC taking an id. */
describe('content service: isolation between users', () => {
  let bed: ContentTestBed;
  const owner = newUserId();
  const stranger = newUserId();
  const ids: Record<'bookmark' | 'note' | 'task' | 'tag' | 'collection', string> = {
    bookmark: '',
    note: '',
    task: '',
    tag: '',
    collection: '',
  };

  beforeAll(async () => {
    bed = await ContentTestBed.start({}, 'content_isolation');
    ids.collection = (
      await bed.call(contentRpc.createCollection, { userId: owner, name: 'Mine' })
    ).collection.id;
    ids.bookmark = (
      await bed.call(contentRpc.createBookmark, {
        userId: owner,
        url: 'https://mine.example/',
        tags: ['secret'],
        collectionId: ids.collection,
      })
    ).bookmark.id;
    ids.note = (await bed.call(contentRpc.createNote, { userId: owner, title: 'mine', body: '' })).note.id;
    ids.task = (await bed.call(contentRpc.createTask, { userId: owner, title: 'mine' })).task.id;
    ids.tag = (await bed.call(contentRpc.listTags, { userId: owner })).items[0].id;
  });

  afterAll(async () => {
    await bed?.close();
  });

  const calls: [string, () => [RpcContract, Record<string, unknown>]][] = [
    ['getBookmark', () => [contentRpc.getBookmark, { userId: stranger, id: ids.bookmark }]],
    ['updateBookmark', () => [contentRpc.updateBookmark, { userId: stranger, id: ids.bookmark, title: 'x' }]],
    ['deleteBookmark', () => [contentRpc.deleteBookmark, { userId: stranger, id: ids.bookmark }]],
    ['getNote', () => [contentRpc.getNote, { userId: stranger, id: ids.note }]],
    ['updateNote', () => [contentRpc.updateNote, { userId: stranger, id: ids.note, title: 'x' }]],
    ['deleteNote', () => [contentRpc.deleteNote, { userId: stranger, id: ids.note }]],
    ['getTask', () => [contentRpc.getTask, { userId: stranger, id: ids.task }]],
    ['updateTask', () => [contentRpc.updateTask, { userId: stranger, id: ids.task, title: 'x' }]],
    ['deleteTask', () => [contentRpc.deleteTask, { userId: stranger, id: ids.task }]],
    ['getTag', () => [contentRpc.getTag, { userId: stranger, id: ids.tag }]],
    ['renameTag', () => [contentRpc.renameTag, { userId: stranger, id: ids.tag, name: 'x' }]],
    ['mergeTag', () => [contentRpc.mergeTag, { userId: stranger, id: ids.tag, into: ids.tag }]],
    ['deleteTag', () => [contentRpc.deleteTag, { userId: stranger, id: ids.tag }]],
    ['getCollection', () => [contentRpc.getCollection, { userId: stranger, id: ids.collection }]],
    [
      'updateCollection',
      () => [contentRpc.updateCollection, { userId: stranger, id: ids.collection, name: 'x' }],
    ],
    ['deleteCollection', () => [contentRpc.deleteCollection, { userId: stranger, id: ids.collection }]],
  ];

  it.each(calls)('%s of another user item is NOT_FOUND, as for a missing id', async (_name, build) => {
    const [contract, request] = build();
    const foreign = await bed.failure(contract, request);
    const missing = await bed.failure(contract, { ...request, id: newUserId() });
    expect({ code: foreign.code, message: foreign.message }).toEqual({
      code: 'NOT_FOUND',
      message: missing.message,
    });
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('leaves the owner items untouched and out of the stranger lists', async () => {
    expect(
      (await bed.call(contentRpc.getBookmark, { userId: owner, id: ids.bookmark })).bookmark.version,
    ).toBe(1);
    expect((await bed.call(contentRpc.getTag, { userId: owner, id: ids.tag })).tag.name).toBe('secret');
    for (const list of [contentRpc.listBookmarks, contentRpc.listNotes, contentRpc.listTasks]) {
      expect((await bed.call(list, { userId: stranger })).items).toEqual([]);
    }
    expect((await bed.call(contentRpc.listTags, { userId: stranger })).items).toEqual([]);
    expect((await bed.call(contentRpc.listCollections, { userId: stranger })).items).toEqual([]);
    expect((await bed.call(contentRpc.listBookmarks, { userId: stranger, tag: 'secret' })).items).toEqual([]);
    expect(
      (await bed.call(contentRpc.listBookmarks, { userId: stranger, collectionId: ids.collection })).items,
    ).toEqual([]);
  });

  it('refuses the owner task as a stranger parent and the owner tag as a merge target', async () => {
    const parent = await bed.failure(contentRpc.createTask, {
      userId: stranger,
      title: 't',
      parentId: ids.task,
    });
    expect(parent.code).toBe('VALIDATION');
    const { tag } = await bed.call(contentRpc.createTag, { userId: stranger, name: 'own' });
    const merge = await bed.failure(contentRpc.mergeTag, { userId: stranger, id: tag.id, into: ids.tag });
    expect(merge.code).toBe('VALIDATION');
  });
});
