import { z } from 'zod';
import { isoTime } from '../auth/auth-fields';
import { pageRequest } from '../auth/auth-models';
import { defineRpc } from '../contract';
import {
  collectionNameField,
  descriptionField,
  exportFormatField,
  importFormatField,
  noteBodyField,
  tagListField,
  tagNameField,
  taskPriorityField,
  taskStatusField,
  titleField,
  urlField,
  versionField,
} from './content-fields';
import {
  bookmarkView,
  collectionView,
  fileView,
  jobView,
  noteView,
  pageOf,
  tagView,
  taskView,
} from './content-models';

// Every request names its owner: the content service scopes every query to `userId`, and an id of somebody
// else's item answers NOT_FOUND, exactly like an id that does not exist.
const userId = z.uuid();
const id = z.uuid();
const ok = z.object({});
/** The client's `Idempotency-Key`: a retried create with the same key returns the first result. */
const idempotencyKey = z.string().min(1).max(200).optional();
/** `If-Match` (or the body's `version`): the update or delete is refused with PRECONDITION_FAILED when stale. */
const expectedVersion = versionField.optional();
const collectionRef = z.uuid().nullable();
const byId = z.object({ userId, id });
const deleteRequest = z.object({ userId, id, expectedVersion });

/** Sort orders of lists: a field, `-` for descending. */
const sortOf = <T extends readonly [string, ...string[]]>(fields: T) =>
  z.enum(fields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]]);
const itemSort = ['createdAt', 'updatedAt', 'title'] as const;

// ---- bookmarks --------------------------------------------------------------------------------------

export const createBookmarkBody = z.strictObject({
  url: urlField,
  title: titleField.optional(),
  description: descriptionField.optional(),
  tags: tagListField.optional(),
  collectionId: collectionRef.optional(),
  favorite: z.boolean().optional(),
  read: z.boolean().optional(),
  archived: z.boolean().optional(),
});
export const updateBookmarkChanges = createBookmarkBody.partial();
/** PATCH body: the changes, and optionally the version they were made against (instead of If-Match). */
export const updateBookmarkBody = updateBookmarkChanges.extend({ version: versionField.optional() });

export const createBookmark = defineRpc('content.bookmark.create', {
  service: 'content',
  request: createBookmarkBody.extend({ userId, idempotencyKey }),
  response: z.object({ bookmark: bookmarkView }),
});
export const getBookmark = defineRpc('content.bookmark.get', {
  service: 'content',
  request: byId,
  response: z.object({ bookmark: bookmarkView }),
});
export const bookmarkSort = sortOf(itemSort);
export const listBookmarks = defineRpc('content.bookmark.list', {
  service: 'content',
  request: z.object({
    userId,
    tag: z.string().max(64).optional(),
    collectionId: z.uuid().optional(),
    favorite: z.boolean().optional(),
    read: z.boolean().optional(),
    archived: z.boolean().optional(),
    sort: bookmarkSort.default('-createdAt'),
    ...pageRequest,
  }),
  response: pageOf(bookmarkView),
});
export const updateBookmark = defineRpc('content.bookmark.update', {
  service: 'content',
  request: updateBookmarkChanges.extend({ userId, id, expectedVersion }),
  response: z.object({ bookmark: bookmarkView }),
});
export const deleteBookmark = defineRpc('content.bookmark.delete', {
  service: 'content',
  request: deleteRequest,
  response: ok,
});

// ---- notes ------------------------------------------------------------------------------------------

export const createNoteBody = z.strictObject({
  title: titleField,
  body: noteBodyField,
  tags: tagListField.optional(),
  pinned: z.boolean().optional(),
  collectionId: collectionRef.optional(),
});
export const updateNoteChanges = createNoteBody.partial();
export const updateNoteBody = updateNoteChanges.extend({ version: versionField.optional() });

export const createNote = defineRpc('content.note.create', {
  service: 'content',
  request: createNoteBody.extend({ userId, idempotencyKey }),
  response: z.object({ note: noteView }),
});
export const getNote = defineRpc('content.note.get', {
  service: 'content',
  request: byId,
  response: z.object({ note: noteView }),
});
export const noteSort = sortOf(itemSort);
export const listNotes = defineRpc('content.note.list', {
  service: 'content',
  request: z.object({
    userId,
    tag: z.string().max(64).optional(),
    collectionId: z.uuid().optional(),
    pinned: z.boolean().optional(),
    sort: noteSort.default('-updatedAt'),
    ...pageRequest,
  }),
  response: pageOf(noteView),
});
export const updateNote = defineRpc('content.note.update', {
  service: 'content',
  request: updateNoteChanges.extend({ userId, id, expectedVersion }),
  response: z.object({ note: noteView }),
});
export const deleteNote = defineRpc('content.note.delete', {
  service: 'content',
  request: deleteRequest,
  response: ok,
});

// ---- tasks ------------------------------------------------------------------------------------------

export const createTaskBody = z.strictObject({
  title: titleField.pipe(z.string().min(1, 'must not be empty')),
  description: descriptionField.optional(),
  status: taskStatusField.optional(),
  priority: taskPriorityField.optional(),
  dueAt: isoTime.nullable().optional(),
  /** Makes this a subtask of `parentId` (one of the user's tasks; subtasks do not nest further). */
  parentId: z.uuid().nullable().optional(),
  tags: tagListField.optional(),
  collectionId: collectionRef.optional(),
});
export const updateTaskChanges = createTaskBody.partial();
export const updateTaskBody = updateTaskChanges.extend({ version: versionField.optional() });

export const createTask = defineRpc('content.task.create', {
  service: 'content',
  request: createTaskBody.extend({ userId, idempotencyKey }),
  response: z.object({ task: taskView }),
});
export const getTask = defineRpc('content.task.get', {
  service: 'content',
  request: byId,
  response: z.object({ task: taskView }),
});
export const taskSort = sortOf([...itemSort, 'dueAt', 'priority'] as const);
export const listTasks = defineRpc('content.task.list', {
  service: 'content',
  request: z.object({
    userId,
    status: z.array(taskStatusField).max(4).optional(),
    priority: taskPriorityField.optional(),
    tag: z.string().max(64).optional(),
    collectionId: z.uuid().optional(),
    /** A task id: its subtasks; `none`: top-level tasks only. */
    parentId: z.union([z.uuid(), z.literal('none')]).optional(),
    dueBefore: isoTime.optional(),
    dueAfter: isoTime.optional(),
    sort: taskSort.default('-createdAt'),
    ...pageRequest,
  }),
  response: pageOf(taskView),
});
export const updateTask = defineRpc('content.task.update', {
  service: 'content',
  request: updateTaskChanges.extend({ userId, id, expectedVersion }),
  response: z.object({ task: taskView }),
});
/** Deleting a task deletes its subtasks. */
export const deleteTask = defineRpc('content.task.delete', {
  service: 'content',
  request: deleteRequest,
  response: ok,
});

// ---- files ------------------------------------------------------------------------------------------

export const updateFileChanges = z.strictObject({
  name: z.string().trim().min(1).max(255).optional(),
  description: descriptionField.optional(),
  tags: tagListField.optional(),
  collectionId: collectionRef.optional(),
});
export const updateFileBody = updateFileChanges.extend({ version: versionField.optional() });

export const getFile = defineRpc('content.file.get', {
  service: 'content',
  request: byId,
  response: z.object({ file: fileView }),
});
export const fileSort = sortOf(['createdAt', 'updatedAt', 'name', 'size'] as const);
export const listFiles = defineRpc('content.file.list', {
  service: 'content',
  request: z.object({
    userId,
    tag: z.string().max(64).optional(),
    collectionId: z.uuid().optional(),
    sort: fileSort.default('-createdAt'),
    ...pageRequest,
  }),
  response: pageOf(fileView),
});
export const updateFile = defineRpc('content.file.update', {
  service: 'content',
  request: updateFileChanges.extend({ userId, id, expectedVersion }),
  response: z.object({ file: fileView }),
});
export const deleteFile = defineRpc('content.file.delete', {
  service: 'content',
  request: deleteRequest,
  response: ok,
});

// ---- uploads and downloads (bytes travel over the content service's internal HTTP port) -------------

/**
 * Opens a one-time upload: the gateway streams the bytes to `PUT /internal/uploads/<ticket>` on the content
 * service, which answers what the upload created (`{file}` or `{job}`). The ticket lives a few minutes.
 */
export const beginUpload = defineRpc('content.upload.begin', {
  service: 'content',
  request: z.discriminatedUnion('purpose', [
    z.object({
      purpose: z.literal('file'),
      userId,
      name: z.string().trim().min(1).max(255),
      description: descriptionField.optional(),
      /** The client's Content-Length when it sent one: refused up front when over the limit. */
      declaredSize: z.number().int().min(0).optional(),
      idempotencyKey,
    }),
    z.object({
      purpose: z.literal('import'),
      userId,
      name: z.string().max(255),
      format: importFormatField,
      declaredSize: z.number().int().min(0).optional(),
      idempotencyKey,
    }),
  ]),
  response: z.object({ ticket: z.string(), maxBytes: z.number().int() }),
});

/** What `PUT /internal/uploads/<ticket>` answers on success (on failure: `{error: RpcErrorBody}`). */
export const uploadResult = z.union([z.object({ file: fileView }), z.object({ job: jobView })]);

/** Opens a one-time download of a file's bytes or a finished export: `GET /internal/downloads/<ticket>`. */
export const beginDownload = defineRpc('content.download.begin', {
  service: 'content',
  request: z.object({ userId, kind: z.enum(['file', 'export']), id }),
  response: z.object({
    ticket: z.string(),
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    checksum: z.string().nullable(),
  }),
});

// ---- tags -------------------------------------------------------------------------------------------

export const createTagBody = z.strictObject({ name: tagNameField });
export const updateTagBody = z.strictObject({ name: tagNameField });
export const mergeTagBody = z.strictObject({ into: z.uuid() });

export const listTags = defineRpc('content.tag.list', {
  service: 'content',
  request: z.object({ userId, ...pageRequest, limit: pageRequest.limit.default(200) }),
  response: pageOf(tagView),
});
export const createTag = defineRpc('content.tag.create', {
  service: 'content',
  request: createTagBody.extend({ userId, idempotencyKey }),
  response: z.object({ tag: tagView }),
});
export const getTag = defineRpc('content.tag.get', {
  service: 'content',
  request: byId,
  response: z.object({ tag: tagView }),
});
/** Renaming to a name another tag has is a CONFLICT; merge instead. */
export const renameTag = defineRpc('content.tag.rename', {
  service: 'content',
  request: updateTagBody.extend({ userId, id }),
  response: z.object({ tag: tagView }),
});
/** Moves every item of tag `id` to tag `into`, then deletes `id`. */
export const mergeTag = defineRpc('content.tag.merge', {
  service: 'content',
  request: mergeTagBody.extend({ userId, id }),
  response: z.object({ tag: tagView }),
});
export const deleteTag = defineRpc('content.tag.delete', {
  service: 'content',
  request: byId,
  response: ok,
});

// ---- collections ------------------------------------------------------------------------------------

export const createCollectionBody = z.strictObject({
  name: collectionNameField,
  parentId: z.uuid().nullable().optional(),
});
export const updateCollectionChanges = createCollectionBody.partial();
export const updateCollectionBody = updateCollectionChanges.extend({ version: versionField.optional() });

/** Every collection of the user (flat, by name; `parentId` builds the tree). */
export const listCollections = defineRpc('content.collection.list', {
  service: 'content',
  request: z.object({ userId, ...pageRequest, limit: pageRequest.limit.default(200) }),
  response: pageOf(collectionView),
});
export const createCollection = defineRpc('content.collection.create', {
  service: 'content',
  request: createCollectionBody.extend({ userId, idempotencyKey }),
  response: z.object({ collection: collectionView }),
});
export const getCollection = defineRpc('content.collection.get', {
  service: 'content',
  request: byId,
  response: z.object({ collection: collectionView }),
});
/** Moving a collection under itself or one of its descendants is refused (VALIDATION on `parentId`). */
export const updateCollection = defineRpc('content.collection.update', {
  service: 'content',
  request: updateCollectionChanges.extend({ userId, id, expectedVersion }),
  response: z.object({ collection: collectionView }),
});
/** Its items and child collections move to its parent. */
export const deleteCollection = defineRpc('content.collection.delete', {
  service: 'content',
  request: deleteRequest,
  response: ok,
});

// ---- import and export jobs -------------------------------------------------------------------------

export const getImport = defineRpc('content.import.get', {
  service: 'content',
  request: byId,
  response: z.object({ job: jobView }),
});

export const createExportBody = z.strictObject({ format: exportFormatField });
export const createExport = defineRpc('content.export.create', {
  service: 'content',
  request: createExportBody.extend({ userId, idempotencyKey }),
  response: z.object({ job: jobView }),
});
export const getExport = defineRpc('content.export.get', {
  service: 'content',
  request: byId,
  response: z.object({ job: jobView }),
});

// ---- the search index's source ----------------------------------------------------------------------

/** One item of any type, as the search read model needs it. */
export const indexedItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bookmark'), userId, item: bookmarkView }),
  z.object({ type: z.literal('note'), userId, item: noteView }),
  z.object({ type: z.literal('task'), userId, item: taskView }),
  z.object({ type: z.literal('file'), userId, item: fileView }),
]);
export type IndexedItem = z.infer<typeof indexedItem>;

/**
 * Every live item and collection of every user, page by page, for rebuilding a read model from scratch
 * (streams are trimmed, so replaying them is not a full history). Not reachable through the gateway.
 */
export const indexPage = defineRpc('content.index.page', {
  service: 'content',
  request: z.object({ cursor: z.string().max(400).optional(), limit: z.number().int().min(1).max(1000) }),
  response: z.object({
    items: z.array(indexedItem),
    collections: z.array(z.object({ userId, collection: collectionView })),
    nextCursor: z.string().nullable(),
  }),
});

export const contentRpcContracts = [
  createBookmark,
  getBookmark,
  listBookmarks,
  updateBookmark,
  deleteBookmark,
  createNote,
  getNote,
  listNotes,
  updateNote,
  deleteNote,
  createTask,
  getTask,
  listTasks,
  updateTask,
  deleteTask,
  getFile,
  listFiles,
  updateFile,
  deleteFile,
  beginUpload,
  beginDownload,
  listTags,
  createTag,
  getTag,
  renameTag,
  mergeTag,
  deleteTag,
  listCollections,
  createCollection,
  getCollection,
  updateCollection,
  deleteCollection,
  getImport,
  createExport,
  getExport,
  indexPage,
] as const;
