import { Injectable, Logger } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { contentRpc } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import { LexiconRepository } from '../repositories/lexicon.repository';
import { SearchCollectionRepository } from '../repositories/search-collection.repository';
import { SearchDocumentRepository } from '../repositories/search-document.repository';
import { ApplyCollectionChangeUseCase } from './apply-collection-change.use-case';
import { ApplyItemChangeUseCase } from './apply-item-change.use-case';

export interface RebuildReport {
  items: number;
  collections: number;
  users: number;
}

/** Items per `content.index.page` call; content caps it at 1,000. */
const DEFAULT_PAGE_SIZE = 500;

/**
 * Empties the read model and reloads it from the content service page by page (event streams are trimmed,
 * so replaying them is no full history). Safe while events flow: rows apply by version and deletions leave
 * tombstones, so an event and a page row for the same item converge in either order. Every user's cached
 * results are invalidated at the end.
 */
@Injectable()
export class RebuildSearchIndexUseCase {
  private readonly logger = new Logger('RebuildSearchIndex');

  constructor(
    private readonly documents: SearchDocumentRepository,
    private readonly collections: SearchCollectionRepository,
    private readonly lexicon: LexiconRepository,
    private readonly applyItem: ApplyItemChangeUseCase,
    private readonly applyCollection: ApplyCollectionChangeUseCase,
    private readonly client: RedisStreamsClient,
    private readonly cache: ResultCache,
  ) {}

  async execute(pageSize = DEFAULT_PAGE_SIZE): Promise<RebuildReport> {
    const users = new Set(await this.documents.clear());
    await this.collections.clear();
    await this.lexicon.clear();
    const report: RebuildReport = { items: 0, collections: 0, users: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.client.call(
        contentRpc.indexPage,
        { cursor, limit: pageSize },
        { actor: 'system', timeoutMs: 60_000 },
      );
      for (const { userId, collection } of page.collections) {
        await this.applyCollection.execute(userId, collection, { invalidate: false });
        users.add(userId);
        report.collections += 1;
      }
      // One batch per user and page: the same multi-row path live events take.
      const byUser = new Map<string, (typeof page.items)[number][]>();
      for (const indexed of page.items) {
        const items = byUser.get(indexed.userId);
        if (items) items.push(indexed);
        else byUser.set(indexed.userId, [indexed]);
      }
      for (const [userId, items] of byUser) {
        await this.applyItem.executeBatch(userId, items, { invalidate: false });
        users.add(userId);
        report.items += items.length;
      }
      this.logger.log(`reloaded ${report.items} items and ${report.collections} collections so far`);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    for (const userId of users) await this.cache.invalidateUser(userId);
    report.users = users.size;
    return report;
  }
}
