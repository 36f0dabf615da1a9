import { Injectable } from '@nestjs/common';
import { STREAK_ACTIVITY_TYPES } from '@tracera/contracts';
import { type EntityManager } from 'typeorm';
import { type IngestedActivity } from '../ingest/ingested-activity';
import { StreakHashes } from './streak-hashes';
import { StreakRepository } from './streak.repository';

const SYNC_PAGE_SIZE = 500;

/**
 * Keeps streaks up to date as activity arrives: inside the ingest transaction it recomputes the streaks of
 * the people who gained an active day (`analytics.streaks`, the durable copy); after commit it copies the
 * batch's people's streaks to their Redis hashes, which is idempotent, so a redelivered batch repairs them.
 */
@Injectable()
export class StreakKeeper {
  constructor(
    private readonly streaks: StreakRepository,
    private readonly hashes: StreakHashes,
  ) {}

  /**
   * In the ingest transaction, after active days were updated from `inserted` (the rows it really added).
   * Returns the people whose streak it rewrote.
   */
  async applyInTransaction(
    manager: EntityManager,
    inserted: readonly IngestedActivity[],
  ): Promise<Set<string>> {
    const streaky = inserted.filter((row) => STREAK_ACTIVITY_TYPES.includes(row.type));
    return this.streaks.recomputeWhereDaysOpened(manager, streaky);
  }

  /**
   * After commit: copies these people's streaks to Redis. Ingest passes those whose streak its transaction
   * rewrote and those with redelivered rows (whose earlier delivery may have committed without reaching
   * Redis); anyone else's copy is as current as it was.
   */
  async afterCommit(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.hashes.write(await this.streaks.findByUsers(userIds));
  }

  /** In the rebuild's transaction, after active days were rebuilt; the caller holds the locks. */
  async rebuildAll(manager: EntityManager): Promise<void> {
    await this.streaks.recomputeAll(manager);
  }

  /** After the rebuild committed: every Redis hash rewritten from `analytics.streaks`. */
  async syncAll(): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const page = await this.streaks.pageForSync(after, SYNC_PAGE_SIZE);
      if (page.length === 0) return;
      await this.hashes.write(new Map(page.map((entry) => [entry.userId, entry.record])));
      after = page[page.length - 1].userId;
    }
  }
}
