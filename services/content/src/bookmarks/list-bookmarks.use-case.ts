import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeListCursor, keysetPage } from '../paging/list-cursor';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { storedTagName } from '../tags/tag-name';
import { BookmarkRepository } from './bookmark.repository';
import { toBookmarkView } from './bookmark-views';

/** The user's bookmarks, filtered and sorted, one keyset page at a time. */
@Injectable()
export class ListBookmarksUseCase {
  constructor(
    private readonly bookmarks: BookmarkRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.listBookmarks>,
  ): Promise<RpcResponse<typeof contentRpc.listBookmarks>> {
    const after = decodeListCursor(request.cursor, request.sort);
    const tag = request.tag === undefined ? undefined : storedTagName(request.tag);
    if (tag === null) return { items: [], nextCursor: null };
    const rows = await this.bookmarks.listPage({ ...request, tag, after });
    const tags = await this.itemTags.tagsOf(
      undefined,
      request.userId,
      'bookmark',
      rows.map((keyed) => keyed.row.id),
    );
    return keysetPage(rows, request.limit, request.sort, (row) =>
      toBookmarkView(row, tags.get(row.id) ?? []),
    );
  }
}
