import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { BookmarkRepository } from './bookmark.repository';
import { toBookmarkView } from './bookmark-views';

@Injectable()
export class GetBookmarkUseCase {
  constructor(
    private readonly bookmarks: BookmarkRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getBookmark>,
  ): Promise<RpcResponse<typeof contentRpc.getBookmark>> {
    const row = await this.bookmarks.findById(undefined, request.userId, request.id);
    if (row === null) throw notFound('bookmark');
    const tags = await this.itemTags.tagsOf(undefined, request.userId, 'bookmark', [row.id]);
    return { bookmark: toBookmarkView(row, tags.get(row.id) ?? []) };
  }
}
