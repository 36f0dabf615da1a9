import { contentRpc, isoTime, taskPriorityField, taskStatusField } from '@tracera/contracts';
import { createApiDto } from '../http/api-dto';
import { z } from 'zod';

// Bodies: the contracts' strict schemas, so the edge and the content service apply the same rules.
export class CreateBookmarkDto extends createApiDto(contentRpc.createBookmarkBody) {}
export class UpdateBookmarkDto extends createApiDto(contentRpc.updateBookmarkBody) {}
export class CreateNoteDto extends createApiDto(contentRpc.createNoteBody) {}
export class UpdateNoteDto extends createApiDto(contentRpc.updateNoteBody) {}
export class CreateTaskDto extends createApiDto(contentRpc.createTaskBody) {}
export class UpdateTaskDto extends createApiDto(contentRpc.updateTaskBody) {}
export class UpdateFileDto extends createApiDto(contentRpc.updateFileBody) {}
export class CreateTagDto extends createApiDto(contentRpc.createTagBody) {}
export class RenameTagDto extends createApiDto(contentRpc.updateTagBody) {}
export class MergeTagDto extends createApiDto(contentRpc.mergeTagBody) {}
export class CreateCollectionDto extends createApiDto(contentRpc.createCollectionBody) {}
export class UpdateCollectionDto extends createApiDto(contentRpc.updateCollectionBody) {}

// Route parameters and queries. Query strings are text: numbers are coerced, booleans spelled `true|false`.
export class IdParamsDto extends createApiDto(z.strictObject({ id: z.uuid() })) {}

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

export class BookmarkListQueryDto extends createApiDto(
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
export class NoteListQueryDto extends createApiDto(
  z.strictObject({
    tag: tagQuery,
    collectionId: z.uuid().optional(),
    pinned: booleanQuery.optional(),
    sort: contentRpc.listNotes.request.shape.sort,
    ...page,
  }),
) {}
export class TaskListQueryDto extends createApiDto(
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
export class FileListQueryDto extends createApiDto(
  z.strictObject({
    tag: tagQuery,
    collectionId: z.uuid().optional(),
    sort: contentRpc.listFiles.request.shape.sort,
    ...page,
  }),
) {}
/** Tags and collections are few per user: one page of up to 200 is the default. */
export class OrganizerListQueryDto extends createApiDto(
  z.strictObject({ ...page, limit: page.limit.unwrap().default(200) }),
) {}

// Answers.
export class BookmarkDto extends createApiDto(contentRpc.getBookmark.response) {}
export class BookmarkPageDto extends createApiDto(contentRpc.listBookmarks.response) {}
export class NoteDto extends createApiDto(contentRpc.getNote.response) {}
export class NotePageDto extends createApiDto(contentRpc.listNotes.response) {}
export class TaskDto extends createApiDto(contentRpc.getTask.response) {}
export class TaskPageDto extends createApiDto(contentRpc.listTasks.response) {}
export class FileDto extends createApiDto(contentRpc.getFile.response) {}
export class FilePageDto extends createApiDto(contentRpc.listFiles.response) {}
export class TagDto extends createApiDto(contentRpc.getTag.response) {}
export class TagPageDto extends createApiDto(contentRpc.listTags.response) {}
export class CollectionDto extends createApiDto(contentRpc.getCollection.response) {}
export class CollectionPageDto extends createApiDto(contentRpc.listCollections.response) {}
