import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { SearchCollectionRepository } from '../repositories/search-collection.repository';
import { SearchDocumentRepository } from '../repositories/search-document.repository';

export interface CollectionDeletion {
  userId: string;
  id: string;
  parentId: string | null;
  version: number;
}

/**
 * Does what content did: the collection's items and child collections move to its parent. The tombstone
 * remembers the parent, so an item event still naming the deleted collection lands in the parent too.
 */
@Injectable()
export class ApplyCollectionDeletionUseCase {
  constructor(
    private readonly collections: SearchCollectionRepository,
    private readonly documents: SearchDocumentRepository,
    private readonly cache: ResultCache,
  ) {}

  async execute(deletion: CollectionDeletion): Promise<void> {
    const { userId, id, parentId, version } = deletion;
    const { applied, moved } = await this.documents.inUserTransaction(userId, async (manager) => ({
      applied: await this.collections.tombstone(userId, id, parentId, version, manager),
      moved: await this.documents.moveCollectionItems(userId, id, parentId, manager),
    }));
    if (applied || moved > 0) await this.cache.invalidateUser(deletion.userId);
  }
}
