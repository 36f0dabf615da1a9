import { type CollectionView } from '@tracera/contracts';
import { RpcError } from '@tracera/streams';
import { type CollectionEntity } from './collection.entity';

export function toCollectionView(row: CollectionEntity): CollectionView {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parentId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Sibling collections have distinct names (regardless of case); the client learns which one has it. */
export function collectionNameTaken(existingId: string): RpcError {
  return new RpcError('CONFLICT', 'a collection with this name already exists there', { existingId });
}
