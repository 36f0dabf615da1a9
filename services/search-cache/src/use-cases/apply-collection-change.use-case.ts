import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { type CollectionView } from '@tracera/contracts';
import { SearchCollectionRepository } from '../repositories/search-collection.repository';

/** Stores a created or changed collection (newer versions only): `in:<name>` follows names and nesting. */
@Injectable()
export class ApplyCollectionChangeUseCase {
  constructor(
    private readonly collections: SearchCollectionRepository,
    private readonly cache: ResultCache,
  ) {}

  async execute(
    userId: string,
    collection: CollectionView,
    options: { invalidate?: boolean } = {},
  ): Promise<void> {
    const applied = await this.collections.upsert(userId, collection);
    if (applied && (options.invalidate ?? true)) await this.cache.invalidateUser(userId);
  }
}
