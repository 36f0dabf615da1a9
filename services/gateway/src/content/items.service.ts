import { Injectable } from '@nestjs/common';
import { contentRpc } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import {
  type BookmarkListQueryDto,
  type CreateBookmarkDto,
  type CreateNoteDto,
  type CreateTaskDto,
  type FileListQueryDto,
  type NoteListQueryDto,
  type TaskListQueryDto,
  type UpdateBookmarkDto,
  type UpdateFileDto,
  type UpdateNoteDto,
  type UpdateTaskDto,
} from './content.dtos';

/** What a change or delete of a versioned item is made against (`If-Match` or the body's `version`). */
export interface ItemTarget {
  id: string;
  expectedVersion?: number;
}

/** The user's bookmarks, notes, tasks and file metadata; the content service scopes every call to the user. */
@Injectable()
export class ItemsService {
  constructor(private readonly rpc: RedisStreamsClient) {}

  createBookmark(userId: string, bookmark: CreateBookmarkDto, idempotencyKey: string | undefined) {
    return this.rpc.call(
      contentRpc.createBookmark,
      { ...bookmark, userId, idempotencyKey },
      { actor: userId },
    );
  }

  listBookmarks(userId: string, query: BookmarkListQueryDto) {
    return this.rpc.call(contentRpc.listBookmarks, { ...query, userId }, { actor: userId });
  }

  getBookmark(userId: string, id: string) {
    return this.rpc.call(contentRpc.getBookmark, { userId, id }, { actor: userId });
  }

  updateBookmark(userId: string, target: ItemTarget, { version: _version, ...changes }: UpdateBookmarkDto) {
    return this.rpc.call(contentRpc.updateBookmark, { ...changes, ...target, userId }, { actor: userId });
  }

  async deleteBookmark(userId: string, target: ItemTarget): Promise<void> {
    await this.rpc.call(contentRpc.deleteBookmark, { ...target, userId }, { actor: userId });
  }

  createNote(userId: string, note: CreateNoteDto, idempotencyKey: string | undefined) {
    return this.rpc.call(contentRpc.createNote, { ...note, userId, idempotencyKey }, { actor: userId });
  }

  listNotes(userId: string, query: NoteListQueryDto) {
    return this.rpc.call(contentRpc.listNotes, { ...query, userId }, { actor: userId });
  }

  getNote(userId: string, id: string) {
    return this.rpc.call(contentRpc.getNote, { userId, id }, { actor: userId });
  }

  updateNote(userId: string, target: ItemTarget, { version: _version, ...changes }: UpdateNoteDto) {
    return this.rpc.call(contentRpc.updateNote, { ...changes, ...target, userId }, { actor: userId });
  }

  async deleteNote(userId: string, target: ItemTarget): Promise<void> {
    await this.rpc.call(contentRpc.deleteNote, { ...target, userId }, { actor: userId });
  }

  createTask(userId: string, task: CreateTaskDto, idempotencyKey: string | undefined) {
    return this.rpc.call(contentRpc.createTask, { ...task, userId, idempotencyKey }, { actor: userId });
  }

  listTasks(userId: string, query: TaskListQueryDto) {
    return this.rpc.call(contentRpc.listTasks, { ...query, userId }, { actor: userId });
  }

  getTask(userId: string, id: string) {
    return this.rpc.call(contentRpc.getTask, { userId, id }, { actor: userId });
  }

  updateTask(userId: string, target: ItemTarget, { version: _version, ...changes }: UpdateTaskDto) {
    return this.rpc.call(contentRpc.updateTask, { ...changes, ...target, userId }, { actor: userId });
  }

  async deleteTask(userId: string, target: ItemTarget): Promise<void> {
    await this.rpc.call(contentRpc.deleteTask, { ...target, userId }, { actor: userId });
  }

  listFiles(userId: string, query: FileListQueryDto) {
    return this.rpc.call(contentRpc.listFiles, { ...query, userId }, { actor: userId });
  }

  getFile(userId: string, id: string) {
    return this.rpc.call(contentRpc.getFile, { userId, id }, { actor: userId });
  }

  updateFile(userId: string, target: ItemTarget, { version: _version, ...changes }: UpdateFileDto) {
    return this.rpc.call(contentRpc.updateFile, { ...changes, ...target, userId }, { actor: userId });
  }

  async deleteFile(userId: string, target: ItemTarget): Promise<void> {
    await this.rpc.call(contentRpc.deleteFile, { ...target, userId }, { actor: userId });
  }
}
