import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeListCursor, keysetPage } from '../paging/list-cursor';
import { CollectionRepository } from './collection.repository';
import { toCollectionView } from './collection-views';

/** Every collection of the user, flat and by name (`parentId` builds the tree). */
@Injectable()
export class ListCollectionsUseCase {
  constructor(private readonly collections: CollectionRepository) {}

  async execute(
    request: RpcRequest<typeof contentRpc.listCollections>,
  ): Promise<RpcResponse<typeof contentRpc.listCollections>> {
    const after = decodeListCursor(request.cursor, 'name');
    const rows = await this.collections.listPage(request.userId, after, request.limit);
    return keysetPage(rows, request.limit, 'name', toCollectionView);
  }
}
