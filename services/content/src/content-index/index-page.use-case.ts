import { Injectable } from '@nestjs/common';
import { type contentRpc, type ItemType, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { toBookmarkView } from '../bookmarks/bookmark-views';
import { BookmarkRepository } from '../bookmarks/bookmark.repository';
import { CollectionRepository } from '../collections/collection.repository';
import { toCollectionView } from '../collections/collection-views';
import { FilePagesRepository } from '../account/file-pages.repository';
import { toFileView } from '../files/file-views';
import { toNoteView } from '../notes/note-views';
import { NoteRepository } from '../notes/note.repository';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { toTaskView } from '../tasks/task-views';
import { TaskRepository } from '../tasks/task.repository';
import { decodeIndexCursor, encodeIndexCursor, INDEX_PHASES, type IndexPosition } from './index-cursor';

type Response = RpcResponse<typeof contentRpc.indexPage>;
type IndexedItem = contentRpc.IndexedItem;

interface PhasePage {
  ids: string[];
  collections: Response['collections'];
  items: IndexedItem[];
}

/**
 * Every live collection and item of every user, page by page (collections, then bookmarks, notes, tasks
 * and files, each by id), for rebuilding a read model from scratch.
 */
@Injectable()
export class IndexPageUseCase {
  constructor(
    private readonly collections: CollectionRepository,
    private readonly bookmarks: BookmarkRepository,
    private readonly notes: NoteRepository,
    private readonly tasks: TaskRepository,
    private readonly files: FilePagesRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(request: RpcRequest<typeof contentRpc.indexPage>): Promise<Response> {
    let position: IndexPosition | null = decodeIndexCursor(request.cursor);
    const result: Response = { items: [], collections: [], nextCursor: null };
    while (position !== null) {
      const room = request.limit - result.items.length - result.collections.length;
      if (room === 0) break;
      const page = await this.readPhase(position, room);
      result.items.push(...page.items);
      result.collections.push(...page.collections);
      if (page.ids.length === room) {
        position = { phase: position.phase, afterId: page.ids[page.ids.length - 1] };
      } else {
        const next: IndexPosition['phase'] | undefined =
          INDEX_PHASES[INDEX_PHASES.indexOf(position.phase) + 1];
        position = next === undefined ? null : { phase: next, afterId: null };
      }
    }
    result.nextCursor = position === null ? null : encodeIndexCursor(position);
    return result;
  }

  private async readPhase({ phase, afterId }: IndexPosition, limit: number): Promise<PhasePage> {
    switch (phase) {
      case 'collection': {
        const rows = await this.collections.pageOfAllUsers(afterId, limit);
        return {
          ids: rows.map((row) => row.id),
          collections: rows.map((row) => ({ userId: row.userId, collection: toCollectionView(row) })),
          items: [],
        };
      }
      case 'bookmark': {
        const rows = await this.bookmarks.pageOfAllUsers(afterId, limit);
        const tags = await this.tagsOf('bookmark', rows);
        return itemsPage(rows, (row) => ({
          type: 'bookmark',
          userId: row.userId,
          item: toBookmarkView(row, tags.get(row.id) ?? []),
        }));
      }
      case 'note': {
        const rows = await this.notes.pageOfAllUsers(afterId, limit);
        const tags = await this.tagsOf('note', rows);
        return itemsPage(rows, (row) => ({
          type: 'note',
          userId: row.userId,
          item: toNoteView(row, tags.get(row.id) ?? []),
        }));
      }
      case 'task': {
        const rows = await this.tasks.pageOfAllUsers(afterId, limit);
        const tags = await this.tagsOf('task', rows);
        return itemsPage(rows, (row) => ({
          type: 'task',
          userId: row.userId,
          item: toTaskView(row, tags.get(row.id) ?? []),
        }));
      }
      case 'file': {
        const rows = await this.files.pageOfAllUsers(afterId, limit);
        const tags = await this.tagsOf('file', rows);
        return itemsPage(rows, (row) => ({
          type: 'file',
          userId: row.userId,
          item: toFileView(row, tags.get(row.id) ?? []),
        }));
      }
    }
  }

  private tagsOf(itemType: ItemType, rows: { id: string }[]): Promise<Map<string, string[]>> {
    return this.itemTags.tagsOfAnyUser(
      itemType,
      rows.map((row) => row.id),
    );
  }
}

function itemsPage<T extends { id: string }>(rows: T[], toItem: (row: T) => IndexedItem): PhasePage {
  return { ids: rows.map((row) => row.id), collections: [], items: rows.map(toItem) };
}
