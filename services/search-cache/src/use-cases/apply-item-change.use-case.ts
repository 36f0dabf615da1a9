import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { type IndexedView, type SearchDocument, toSearchDocument } from '../read-model/search-document';
import { tagsAfterChanges } from '../read-model/tag-change-record';
import { LexiconRepository } from '../repositories/lexicon.repository';
import { SearchCollectionRepository } from '../repositories/search-collection.repository';
import { SearchDocumentRepository } from '../repositories/search-document.repository';
import { TagChangeRepository } from '../repositories/tag-change.repository';

const keyOf = (document: SearchDocument) => `${document.type}:${document.id}`;

/**
 * Applies item snapshots (created, updated, completed, or a rebuild page's rows). Only a newer version than
 * the stored one lands, so redelivered and out-of-order events are harmless; the user's cached results are
 * dropped only when something changed.
 */
@Injectable()
export class ApplyItemChangeUseCase {
  constructor(
    private readonly documents: SearchDocumentRepository,
    private readonly collections: SearchCollectionRepository,
    private readonly lexicon: LexiconRepository,
    private readonly tagChanges: TagChangeRepository,
    private readonly cache: ResultCache,
  ) {}

  async execute(
    userId: string,
    indexed: IndexedView,
    options: { invalidate?: boolean } = {},
  ): Promise<boolean> {
    const [applied] = await this.executeBatch(userId, [indexed], options);
    return applied;
  }

  /**
   * Applies snapshots of one user in one transaction under the user's lock, with a fixed number of
   * statements however many there are; whether each landed, in order (an older snapshot of an item given
   * twice does not).
   */
  async executeBatch(
    userId: string,
    snapshots: IndexedView[],
    options: { invalidate?: boolean } = {},
  ): Promise<boolean[]> {
    const documents = snapshots.map((indexed) => toSearchDocument(userId, indexed));
    // One statement cannot upsert a row twice; the highest version is the one that may land anyway.
    const newest = new Map<string, SearchDocument>();
    for (const document of documents) {
      const kept = newest.get(keyOf(document));
      if (kept === undefined || kept.version < document.version) newest.set(keyOf(document), document);
    }
    const candidates = [...newest.values()];
    const landed = await this.documents.inUserTransaction(userId, async (manager) => {
      const filed = [...new Set(candidates.flatMap((document) => document.collectionId ?? []))];
      const moved = await this.collections.liveCollectionsOf(userId, filed, manager);
      const tagged = candidates.filter((document) => document.tags.length > 0);
      const earliest = tagged.reduce<string | undefined>(
        (min, document) =>
          min === undefined || Date.parse(document.updatedAt) < Date.parse(min) ? document.updatedAt : min,
        undefined,
      );
      const changes =
        earliest === undefined ? [] : await this.tagChanges.changesAfter(userId, earliest, manager);
      for (const document of candidates) {
        if (document.collectionId !== null && moved.has(document.collectionId)) {
          document.collectionId = moved.get(document.collectionId) ?? null;
        }
        document.tags = tagsAfterChanges(document.tags, document.updatedAt, changes);
      }
      const stored = await this.documents.upsertMany(userId, candidates, manager);
      const words = candidates.filter((document) => stored.has(keyOf(document)));
      await this.lexicon.addWordsOfMany(userId, words, manager);
      return stored;
    });
    if (landed.size > 0 && (options.invalidate ?? true)) await this.cache.invalidateUser(userId);
    return documents.map(
      (document) => landed.has(keyOf(document)) && newest.get(keyOf(document)) === document,
    );
  }
}
