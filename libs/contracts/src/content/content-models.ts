import { z } from 'zod';
import { isoTime } from '../auth/auth-fields';
import {
  exportFormatField,
  importFormatField,
  taskPriorityField,
  taskStatusField,
  versionField,
} from './content-fields';

/** Fields every stored item shows. `version` is what `If-Match` compares. */
const itemBase = {
  id: z.uuid(),
  tags: z.array(z.string()),
  collectionId: z.uuid().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: versionField,
};

export const bookmarkView = z.object({
  ...itemBase,
  /** Normalized URL. */
  url: z.string(),
  /** Host without `www.`, for trending and filters. */
  domain: z.string(),
  title: z.string(),
  description: z.string(),
  faviconUrl: z.string().nullable(),
  favorite: z.boolean(),
  read: z.boolean(),
  archived: z.boolean(),
});
export type BookmarkView = z.infer<typeof bookmarkView>;

export const noteView = z.object({
  ...itemBase,
  title: z.string(),
  /** Markdown. */
  body: z.string(),
  pinned: z.boolean(),
});
export type NoteView = z.infer<typeof noteView>;

export const taskView = z.object({
  ...itemBase,
  title: z.string(),
  description: z.string(),
  status: taskStatusField,
  priority: taskPriorityField,
  dueAt: isoTime.nullable(),
  /** The parent task when this is a subtask. */
  parentId: z.uuid().nullable(),
  /** Set exactly when status is `done`. */
  completedAt: isoTime.nullable(),
});
export type TaskView = z.infer<typeof taskView>;

export const fileView = z.object({
  ...itemBase,
  name: z.string(),
  size: z.number().int().min(0),
  /** The sniffed media type (from the bytes, not the client's claim). */
  contentType: z.string(),
  /** SHA-256 of the bytes, hex. */
  checksum: z.string(),
  description: z.string(),
});
export type FileView = z.infer<typeof fileView>;

export const tagView = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Items carrying the tag. */
  itemCount: z.number().int().min(0),
  createdAt: isoTime,
});
export type TagView = z.infer<typeof tagView>;

export const collectionView = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: versionField,
});
export type CollectionView = z.infer<typeof collectionView>;

export const skippedItem = z.object({
  /** Line of the source file (1-based), or the record number where lines do not apply. */
  line: z.number().int().min(0),
  reason: z.string(),
});

export const jobStatusField = z.enum(['queued', 'running', 'done', 'failed']);

/** An import or export job as the client polls it. */
export const jobView = z.object({
  id: z.uuid(),
  kind: z.enum(['import', 'export']),
  format: z.union([importFormatField, exportFormatField]),
  status: jobStatusField,
  /** Percent done, 0-100. */
  progress: z.number().min(0).max(100),
  /** Items handled so far and in all (null while unknown). */
  processed: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  report: z.object({ imported: z.number().int().min(0), skipped: z.array(skippedItem) }),
  /** Why a failed job failed. */
  error: z.string().nullable(),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
  /** For a finished export: the file's name and size. */
  download: z.object({ name: z.string(), size: z.number().int(), contentType: z.string() }).nullable(),
});
export type JobView = z.infer<typeof jobView>;

/** One page of a list: `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
