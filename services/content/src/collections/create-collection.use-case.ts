import { Injectable } from '@nestjs/common';
import { contentEvent, contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { IdempotentCreate } from '../idempotency/idempotent-create';
import { CollectionRepository } from './collection.repository';
import { collectionNameTaken, toCollectionView } from './collection-views';

type Response = RpcResponse<typeof contentRpc.createCollection>;

@Injectable()
export class CreateCollectionUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly idempotency: IdempotentCreate,
    private readonly collections: CollectionRepository,
  ) {}

  execute(request: RpcRequest<typeof contentRpc.createCollection>): Promise<Response> {
    const { userId, name } = request;
    const parentId = request.parentId ?? null;
    return this.outbox.transaction((manager, emit) =>
      this.idempotency.run(
        manager,
        request,
        contentRpc.createCollection.type,
        async (): Promise<Response> => {
          await this.collections.assertOwned(manager, userId, parentId, 'parentId');
          const sibling = await this.collections.siblingNamed(manager, userId, parentId, name);
          if (sibling !== null) throw collectionNameTaken(sibling);
          const collection = toCollectionView(
            await this.collections.insert(manager, { id: uuidv7(), userId, name, parentId }),
          );
          emit(contentEvent.collectionCreated, { userId, collection }, { actor: userId });
          return { collection };
        },
      ),
    );
  }
}
