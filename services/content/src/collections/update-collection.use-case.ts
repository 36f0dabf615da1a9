import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox, validationFailed } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { type CollectionChanges, CollectionRepository } from './collection.repository';
import { collectionNameTaken, toCollectionView } from './collection-views';

/** Renames or moves a collection; moving it under itself or one of its descendants is refused. */
@Injectable()
export class UpdateCollectionUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly collections: CollectionRepository,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.updateCollection>,
  ): Promise<RpcResponse<typeof contentRpc.updateCollection>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.collections.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('collection');
      assertVersion(request.expectedVersion, row.version);
      const changes: CollectionChanges = {};
      if (request.name !== undefined && request.name !== row.name) changes.name = request.name;
      if (request.parentId !== undefined && request.parentId !== row.parentId) {
        if (request.parentId !== null) {
          await this.collections.assertOwned(manager, userId, request.parentId, 'parentId');
          if (await this.collections.isSelfOrDescendant(manager, userId, request.parentId, id)) {
            throw validationFailed([
              { field: 'parentId', message: 'cannot be the collection itself or one inside it' },
            ]);
          }
        }
        changes.parentId = request.parentId;
      }
      const changed = Object.keys(changes);
      if (changed.length === 0) return { collection: toCollectionView(row) };
      const sibling = await this.collections.siblingNamed(
        manager,
        userId,
        changes.parentId === undefined ? row.parentId : changes.parentId,
        changes.name ?? row.name,
        id,
      );
      if (sibling !== null) throw collectionNameTaken(sibling);
      const collection = toCollectionView(await this.collections.update(manager, userId, id, changes));
      emit(contentEvent.collectionUpdated, { userId, collection, changed }, { actor: userId });
      return { collection };
    });
  }
}
