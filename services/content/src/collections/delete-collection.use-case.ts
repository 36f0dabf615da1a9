import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox, RpcError } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { CollectionRepository } from './collection.repository';

/**
 * Deletes a collection, moving its items and child collections to its parent: one `collection.deleted`
 * event (consumers move them too), item versions untouched. Refused when a child's name is taken there.
 */
@Injectable()
export class DeleteCollectionUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly collections: CollectionRepository,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.deleteCollection>,
  ): Promise<RpcResponse<typeof contentRpc.deleteCollection>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.collections.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('collection');
      assertVersion(request.expectedVersion, row.version);
      const clashes = await this.collections.childNamesClashingUnder(manager, userId, id, row.parentId);
      if (clashes.length > 0) {
        throw new RpcError('CONFLICT', `the parent already has a collection named ${clashes.join(', ')}`, {
          names: clashes,
        });
      }
      await this.collections.moveContentsTo(manager, userId, id, row.parentId);
      await this.collections.delete(manager, userId, id);
      emit(
        contentEvent.collectionDeleted,
        { userId, id, parentId: row.parentId, version: row.version },
        { actor: userId },
      );
      return {};
    });
  }
}
