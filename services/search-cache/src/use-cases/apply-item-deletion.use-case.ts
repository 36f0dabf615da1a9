import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { type ItemType } from '@tracera/contracts';
import { SearchDocumentRepository } from '../repositories/search-document.repository';

/** Leaves a tombstone for a deleted item, so no late event of it can bring it back into results. */
@Injectable()
export class ApplyItemDeletionUseCase {
  constructor(
    private readonly documents: SearchDocumentRepository,
    private readonly cache: ResultCache,
  ) {}

  async execute(type: ItemType, deletion: { userId: string; id: string; version: number }): Promise<void> {
    const applied = await this.documents.tombstone(deletion.userId, type, deletion.id, deletion.version);
    if (applied) await this.cache.invalidateUser(deletion.userId);
  }
}
