import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { changedFields, ItemChanges } from '../items/item-changes';
import { type BookmarkChanges, BookmarkRepository } from './bookmark.repository';
import { alreadySaved, normalizedUrlOrRefuse, toBookmarkView } from './bookmark-views';

const PLAIN_FIELDS = ['title', 'description', 'favorite', 'read', 'archived'] as const;

/** Changes a bookmark; a change that changes nothing keeps the version and emits nothing. */
@Injectable()
export class UpdateBookmarkUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly bookmarks: BookmarkRepository,
    private readonly itemChanges: ItemChanges,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.updateBookmark>,
  ): Promise<RpcResponse<typeof contentRpc.updateBookmark>> {
    const { userId, id } = request;
    const normalized = request.url === undefined ? undefined : normalizedUrlOrRefuse(request.url);
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.bookmarks.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('bookmark');
      assertVersion(request.expectedVersion, row.version);
      const changes: BookmarkChanges = {};
      if (normalized !== undefined && normalized.url !== row.url) {
        const duplicate = await this.bookmarks.idByUrl(manager, userId, normalized.url, id);
        if (duplicate !== null) throw alreadySaved(duplicate);
        changes.url = normalized.url;
        if (normalized.domain !== row.domain) changes.domain = normalized.domain;
      }
      Object.assign(changes, changedFields(row, request, PLAIN_FIELDS));
      Object.assign(
        changes,
        await this.itemChanges.collectionMove(manager, userId, row.collectionId, request.collectionId),
      );
      const retagged = await this.itemChanges.retag(manager, emit, userId, 'bookmark', id, request.tags);
      const tags = retagged.tags;
      const changed: string[] = [...Object.keys(changes), ...(retagged.changed ? ['tags'] : [])];
      if (changed.length === 0) return { bookmark: toBookmarkView(row, tags) };
      const bookmark = toBookmarkView(await this.bookmarks.update(manager, userId, id, changes), tags);
      emit(contentEvent.bookmarkUpdated, { userId, bookmark, changed }, { actor: userId });
      return { bookmark };
    });
  }
}
