import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { CollectionRepository } from './collection.repository';
import { toCollectionView } from './collection-views';

@Injectable()
export class GetCollectionUseCase {
  constructor(private readonly collections: CollectionRepository) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getCollection>,
  ): Promise<RpcResponse<typeof contentRpc.getCollection>> {
    const row = await this.collections.findById(undefined, request.userId, request.id);
    if (row === null) throw notFound('collection');
    return { collection: toCollectionView(row) };
  }
}
