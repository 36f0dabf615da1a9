import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { SearchDocumentRepository } from '../repositories/search-document.repository';
import { TagChangeRepository } from '../repositories/tag-change.repository';

/** A tag renamed or merged (`into` is the name items carry now) or deleted (`into` null). */
export interface TagChange {
  userId: string;
  from: string;
  into: string | null;
  /** When content made the change (the event's time). */
  changedAt: string;
}

/**
 * Applies a tag rename, merge or deletion to the user's documents: content sends one event for it and no
 * per-item events. Replaying it is harmless (the old name is gone after the first time).
 */
@Injectable()
export class ApplyTagChangeUseCase {
  constructor(
    private readonly documents: SearchDocumentRepository,
    private readonly tagChanges: TagChangeRepository,
    private readonly cache: ResultCache,
  ) {}

  async execute(change: TagChange): Promise<void> {
    const changed = await this.documents.inUserTransaction(change.userId, async (manager) => {
      // Remembered for item events still in flight that carry the old name (see TagChangeRepository).
      await this.tagChanges.record(change.userId, change, manager);
      return change.into === null
        ? this.documents.removeTag(change.userId, change.from, manager)
        : this.documents.replaceTag(change.userId, change.from, change.into, manager);
    });
    if (changed > 0) await this.cache.invalidateUser(change.userId);
  }
}
