import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeListCursor, keysetPage } from '../paging/list-cursor';
import { TagRepository } from './tag.repository';
import { toTagView } from './tag-views';

/** The user's tags by name, with how many items carry each. */
@Injectable()
export class ListTagsUseCase {
  constructor(private readonly tags: TagRepository) {}

  async execute(
    request: RpcRequest<typeof contentRpc.listTags>,
  ): Promise<RpcResponse<typeof contentRpc.listTags>> {
    const after = decodeListCursor(request.cursor, 'name');
    const rows = await this.tags.listPage(request.userId, after, request.limit);
    return keysetPage(rows, request.limit, 'name', toTagView);
  }
}
