import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { BookmarkRepository } from './bookmark.repository';

@Injectable()
export class DeleteBookmarkUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly bookmarks: BookmarkRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.deleteBookmark>,
  ): Promise<RpcResponse<typeof contentRpc.deleteBookmark>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.bookmarks.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('bookmark');
      assertVersion(request.expectedVersion, row.version);
      await this.itemTags.clearItems(manager, userId, 'bookmark', [id]);
      await this.bookmarks.delete(manager, userId, id);
      emit(contentEvent.bookmarkDeleted, { userId, id, version: row.version }, { actor: userId });
      return {};
    });
  }
}
