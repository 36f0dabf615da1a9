import { z } from 'zod';
import { defineEvent } from '../contract';
import { exportFormatField, importFormatField } from './content-fields';
import { bookmarkView, collectionView, fileView, noteView, taskView } from './content-models';

// Item events carry the whole item after the change (a snapshot with its version), so a consumer's read
// model converges whatever order or how many times events arrive: it keeps the highest version it saw,
// and a deletion leaves a tombstone with the deleted version.
const userId = z.uuid();
const deleted = z.object({ userId, id: z.uuid(), version: z.number().int().min(1) });
/** The fields a change touched, so consumers can skip what they do not care about. */
const changed = z.array(z.string());

export const bookmarkCreated = defineEvent('bookmark.created', {
  producer: 'content',
  data: z.object({ userId, bookmark: bookmarkView, source: z.enum(['api', 'import']) }),
});
export const bookmarkUpdated = defineEvent('bookmark.updated', {
  producer: 'content',
  data: z.object({ userId, bookmark: bookmarkView, changed }),
});
export const bookmarkDeleted = defineEvent('bookmark.deleted', { producer: 'content', data: deleted });

export const noteCreated = defineEvent('note.created', {
  producer: 'content',
  data: z.object({ userId, note: noteView }),
});
export const noteUpdated = defineEvent('note.updated', {
  producer: 'content',
  data: z.object({ userId, note: noteView, changed }),
});
export const noteDeleted = defineEvent('note.deleted', { producer: 'content', data: deleted });

export const taskCreated = defineEvent('task.created', {
  producer: 'content',
  data: z.object({ userId, task: taskView }),
});
export const taskUpdated = defineEvent('task.updated', {
  producer: 'content',
  data: z.object({ userId, task: taskView, changed }),
});
/** Also sent (after `task.updated`) when a task's status becomes `done`. */
export const taskCompleted = defineEvent('task.completed', {
  producer: 'content',
  data: z.object({ userId, task: taskView }),
});
export const taskDeleted = defineEvent('task.deleted', { producer: 'content', data: deleted });

export const fileUploaded = defineEvent('file.uploaded', {
  producer: 'content',
  data: z.object({ userId, file: fileView }),
});
export const fileUpdated = defineEvent('file.updated', {
  producer: 'content',
  data: z.object({ userId, file: fileView, changed }),
});
export const fileDeleted = defineEvent('file.deleted', { producer: 'content', data: deleted });

/** Tags: consumers that copy tag names onto items apply renames, merges and deletions themselves. */
export const tagCreated = defineEvent('tag.created', {
  producer: 'content',
  data: z.object({ userId, tagId: z.uuid(), name: z.string() }),
});
export const tagRenamed = defineEvent('tag.renamed', {
  producer: 'content',
  data: z.object({ userId, tagId: z.uuid(), oldName: z.string(), newName: z.string() }),
});
/** Every item tagged `fromName` now carries `intoName` instead; the `from` tag is gone. */
export const tagMerged = defineEvent('tag.merged', {
  producer: 'content',
  data: z.object({
    userId,
    fromId: z.uuid(),
    fromName: z.string(),
    intoId: z.uuid(),
    intoName: z.string(),
  }),
});
/** The tag is gone and removed from every item. */
export const tagDeleted = defineEvent('tag.deleted', {
  producer: 'content',
  data: z.object({ userId, tagId: z.uuid(), name: z.string() }),
});

export const collectionCreated = defineEvent('collection.created', {
  producer: 'content',
  data: z.object({ userId, collection: collectionView }),
});
export const collectionUpdated = defineEvent('collection.updated', {
  producer: 'content',
  data: z.object({ userId, collection: collectionView, changed }),
});
/** Its items and child collections moved to `parentId` (the top level when null); consumers do the same. */
export const collectionDeleted = defineEvent('collection.deleted', {
  producer: 'content',
  data: z.object({ userId, id: z.uuid(), parentId: z.uuid().nullable(), version: z.number().int() }),
});

export const importCompleted = defineEvent('import.completed', {
  producer: 'content',
  data: z.object({
    userId,
    jobId: z.uuid(),
    format: importFormatField,
    status: z.enum(['done', 'failed']),
    imported: z.number().int(),
    skipped: z.number().int(),
  }),
});
export const exportCompleted = defineEvent('export.completed', {
  producer: 'content',
  data: z.object({
    userId,
    jobId: z.uuid(),
    format: exportFormatField,
    status: z.enum(['done', 'failed']),
  }),
});

export const contentEventContracts = [
  bookmarkCreated,
  bookmarkUpdated,
  bookmarkDeleted,
  noteCreated,
  noteUpdated,
  noteDeleted,
  taskCreated,
  taskUpdated,
  taskCompleted,
  taskDeleted,
  fileUploaded,
  fileUpdated,
  fileDeleted,
  tagCreated,
  tagRenamed,
  tagMerged,
  tagDeleted,
  collectionCreated,
  collectionUpdated,
  collectionDeleted,
  importCompleted,
  exportCompleted,
] as const;
