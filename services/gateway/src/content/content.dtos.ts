import { contentRpc, isoTime, taskPriorityField, taskStatusField } from '@tracera/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Bodies: the contracts' strict schemas, so the edge and the content service apply the same rules.
export class CreateBookmarkDto extends createZodDto(contentRpc.createBookmarkBody) {}
export class UpdateBookmarkDto extends createZodDto(contentRpc.updateBookmarkBody) {}
export class CreateNoteDto extends createZodDto(contentRpc.createNoteBody) {}
export class UpdateNoteDto extends createZodDto(contentRpc.updateNoteBody) {}
export class CreateTaskDto extends createZodDto(contentRpc.createTaskBody) {}
export class UpdateTaskDto extends createZodDto(contentRpc.updateTaskBody) {}
export class UpdateFileDto extends createZodDto(contentRpc.updateFileBody) {}
export class CreateTagDto extends createZodDto(contentRpc.createTagBody) {}
export class RenameTagDto extends createZodDto(contentRpc.updateTagBody) {}
export class MergeTagDto extends createZodDto(contentRpc.mergeTagBody) {}
export class CreateCollectionDto extends createZodDto(contentRpc.createCollectionBody) {}
export class UpdateCollectionDto extends createZodDto(contentRpc.updateCollectionBody) {}

// Route parameters and queries. Query strings are text: numbers are coerced, booleans spelled `true|false`.
export class IdParamsDto extends createZodDto(z.strictObject({ id: z.uuid() })) {}

const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};
const booleanQuery = z.enum(['true', 'false']).transform((flag) => flag === 'true');
const tagQuery = z.string().max(64).optional();
/** A comma-separated list, `status=todo,in_progress`. */
const taskStatusesQuery = z
  .string()
  .transform((list) => list.split(',').map((status) => status.trim()))
  .pipe(z.array(taskStatusField).min(1).max(4));

export class BookmarkListQueryDto extends createZodDto(
  z.strictObject({
    tag: tagQuery,
    collectionId: z.uuid().optional(),
    favorite: booleanQuery.optional(),
    read: booleanQuery.optional(),
    archived: booleanQuery.optional(),
    sort: contentRpc.listBookmarks.request.shape.sort,
    ...page,
  }),
) {}
export class NoteListQueryDto extends createZodDto(
  z.strictObject({
    tag: tagQuery,
    collectionId: z.uuid().optional(),
    pinned: booleanQuery.optional(),
    sort: contentRpc.listNotes.request.shape.sort,
    ...page,
  }),
) {}
export class TaskListQueryDto extends createZodDto(
  z.strictObject({
    status: taskStatusesQuery.optional(),
    priority: taskPriorityField.optional(),
    tag: tagQuery,
    collectionId: z.uuid().optional(),
    parentId: z.union([z.uuid(), z.literal('none')]).optional(),
    dueBefore: isoTime.optional(),
    dueAfter: isoTime.optional(),
    sort: contentRpc.listTasks.request.shape.sort,
    ...page,
  }),
) {}
export class FileListQueryDto extends createZodDto(
  z.strictObject({
    tag: tagQuery,
    collectionId: z.uuid().optional(),
    sort: contentRpc.listFiles.request.shape.sort,
    ...page,
  }),
) {}
/** Tags and collections are few per user: one page of up to 200 is the default. */
export class OrganizerListQueryDto extends createZodDto(
  z.strictObject({ ...page, limit: page.limit.unwrap().default(200) }),
) {}

// Answers.
export class BookmarkDto extends createZodDto(contentRpc.getBookmark.response) {}
export class BookmarkPageDto extends createZodDto(contentRpc.listBookmarks.response) {}
export class NoteDto extends createZodDto(contentRpc.getNote.response) {}
export class NotePageDto extends createZodDto(contentRpc.listNotes.response) {}
export class TaskDto extends createZodDto(contentRpc.getTask.response) {}
export class TaskPageDto extends createZodDto(contentRpc.listTasks.response) {}
export class FileDto extends createZodDto(contentRpc.getFile.response) {}
export class FilePageDto extends createZodDto(contentRpc.listFiles.response) {}
export class TagDto extends createZodDto(contentRpc.getTag.response) {}
export class TagPageDto extends createZodDto(contentRpc.listTags.response) {}
export class CollectionDto extends createZodDto(contentRpc.getCollection.response) {}
export class CollectionPageDto extends createZodDto(contentRpc.listCollections.response) {}
