import { Injectable } from '@nestjs/common';
import {
  type CollectionView,
  type FileView,
  type ItemType,
  type NoteView,
  type TagView,
  type TaskView,
} from '@tracera/contracts';
import { toBookmarkView } from '../bookmarks/bookmark-views';
import { BookmarkRepository } from '../bookmarks/bookmark.repository';
import { CollectionRepository } from '../collections/collection.repository';
import { collectionPaths } from '../collections/collection-paths';
import { toCollectionView } from '../collections/collection-views';
import { FilePagesRepository } from './file-pages.repository';
import { toFileView } from '../files/file-views';
import { toNoteView } from '../notes/note-views';
import { NoteRepository } from '../notes/note.repository';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { TagRepository } from '../tags/tag.repository';
import { toTagView } from '../tags/tag-views';
import { toTaskView } from '../tasks/task-views';
import { TaskRepository } from '../tasks/task.repository';
import { AccountReader, type ExportedBookmark } from '../transfers/transfer-ports';

/** Rows per page: large enough to keep round trips few, small enough to keep memory flat. */
const PAGE_SIZE = 500;

/** Reads everything a user owns page by page (by id), for exports. */
@Injectable()
export class PostgresAccountReader extends AccountReader {
  constructor(
    private readonly bookmarkRows: BookmarkRepository,
    private readonly noteRows: NoteRepository,
    private readonly taskRows: TaskRepository,
    private readonly fileRows: FilePagesRepository,
    private readonly collectionRows: CollectionRepository,
    private readonly tagRows: TagRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {
    super();
  }

  async *bookmarks(userId: string): AsyncIterable<ExportedBookmark[]> {
    const paths = collectionPaths(await this.collectionRows.allOfUser(undefined, userId));
    yield* this.pages(
      userId,
      'bookmark',
      (after) => this.bookmarkRows.pageOfUser(userId, after, PAGE_SIZE),
      (row, tags) => ({
        ...toBookmarkView(row, tags),
        collectionPath: row.collectionId === null ? [] : (paths.get(row.collectionId) ?? []),
      }),
    );
  }

  notes(userId: string): AsyncIterable<NoteView[]> {
    return this.pages(
      userId,
      'note',
      (after) => this.noteRows.pageOfUser(userId, after, PAGE_SIZE),
      toNoteView,
    );
  }

  tasks(userId: string): AsyncIterable<TaskView[]> {
    return this.pages(
      userId,
      'task',
      (after) => this.taskRows.pageOfUser(userId, after, PAGE_SIZE),
      toTaskView,
    );
  }

  files(userId: string): AsyncIterable<FileView[]> {
    return this.pages(
      userId,
      'file',
      (after) => this.fileRows.pageOfUser(userId, after, PAGE_SIZE),
      toFileView,
    );
  }

  async collections(userId: string): Promise<CollectionView[]> {
    return (await this.collectionRows.allOfUser(undefined, userId)).map(toCollectionView);
  }

  async tags(userId: string): Promise<TagView[]> {
    return (await this.tagRows.allOfUser(userId)).map(toTagView);
  }

  private async *pages<TRow extends { id: string }, TView>(
    userId: string,
    itemType: ItemType,
    readPage: (afterId: string | null) => Promise<TRow[]>,
    toView: (row: TRow, tags: string[]) => TView,
  ): AsyncIterable<TView[]> {
    let afterId: string | null = null;
    for (;;) {
      const rows = await readPage(afterId);
      if (rows.length === 0) return;
      const tags = await this.itemTags.tagsOf(
        undefined,
        userId,
        itemType,
        rows.map((row) => row.id),
      );
      yield rows.map((row) => toView(row, tags.get(row.id) ?? []));
      if (rows.length < PAGE_SIZE) return;
      afterId = rows[rows.length - 1].id;
    }
  }
}
