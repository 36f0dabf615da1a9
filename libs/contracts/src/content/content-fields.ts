import { z } from 'zod';
import { storableText } from '../storable-text';
import { ITEM_TYPES, normalizeTagName } from './content-names';

export { normalizeTagName };

/** Largest Markdown body of a note, in characters; longer bodies are refused (400), not truncated. */
export const NOTE_BODY_MAX = 200_000;
export const TITLE_MAX = 500;
export const DESCRIPTION_MAX = 10_000;
export const URL_MAX = 2048;
export const TAG_NAME_MAX = 64;
export const TAGS_PER_ITEM_MAX = 50;

/** An absolute http(s) URL as typed; the content service normalizes it before storing. */
export const urlField = z
  .string()
  .trim()
  .min(1)
  .max(URL_MAX)
  .refine(
    (raw) => {
      try {
        const url = new URL(raw);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'must be an absolute http or https URL' },
  );

/**
 * A tag name: trimmed, a leading `#` dropped, lower-cased; letters, digits and `-_./:+` with inner spaces
 * turned into `-`, so `#Kube Ops` and `kube-ops` are the same tag.
 */
export const tagNameField = z
  .string()
  .transform(normalizeTagName)
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(TAG_NAME_MAX)
      .regex(/^[\p{L}\p{N}][\p{L}\p{N}\-_./:+]*$/u, 'may hold letters, digits and - _ . / : + only'),
  );

/** Tags of one item: names, duplicates collapsed by the service. */
export const tagListField = z.array(tagNameField).max(TAGS_PER_ITEM_MAX);

export const titleField = storableText().trim().max(TITLE_MAX);
export const descriptionField = storableText().max(DESCRIPTION_MAX);
export const noteBodyField = storableText().max(NOTE_BODY_MAX);

export const taskStatusField = z.enum(['todo', 'in_progress', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof taskStatusField>;
export const taskPriorityField = z.enum(['low', 'medium', 'high', 'urgent']);
export type TaskPriority = z.infer<typeof taskPriorityField>;

export const collectionNameField = storableText().trim().min(1).max(200);

export const itemTypeField = z.enum(ITEM_TYPES);
export type ItemType = z.infer<typeof itemTypeField>;

export const importFormatField = z.enum(['netscape', 'pocket']);
export type ImportFormat = z.infer<typeof importFormatField>;
export const exportFormatField = z.enum(['netscape', 'markdown', 'json']);
export type ExportFormat = z.infer<typeof exportFormatField>;

/** A row version for optimistic concurrency: starts at 1, +1 per change. */
export const versionField = z.number().int().min(1);
