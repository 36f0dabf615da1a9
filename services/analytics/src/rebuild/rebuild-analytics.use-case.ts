import { Injectable, Logger } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { ChallengeProgress } from '../challenges/challenge-progress';
import { RollupRepository } from '../ingest/rollup.repository';
import { StreakKeeper } from '../insights/streak-keeper';
import { TrendingRecorder } from '../trending/trending-recorder';
import { type DerivedRowCounts, RebuildRepository } from './rebuild.repository';

/** Cached answers dropped per round trip. */
const INVALIDATE_CHUNK = 500;

export interface RebuildAnalyticsReport extends DerivedRowCounts {
  /** People whose cached answers were invalidated. */
  people: number;
}

/**
 * Recomputes everything derived from `analytics.activity`: rollups, active days, streaks and challenge
 * progress in one transaction over a frozen activity table (live ingest waits, then carries on from the
 * rebuilt state), then the Redis copies (streak hashes, leaderboards, trending buckets) from the committed
 * tables, then drops every cached answer. Safe to run while the service is live.
 */
@Injectable()
export class RebuildAnalyticsUseCase {
  private readonly logger = new Logger('RebuildAnalytics');

  constructor(
    private readonly rebuild: RebuildRepository,
    private readonly rollups: RollupRepository,
    private readonly streaks: StreakKeeper,
    private readonly challengeProgress: ChallengeProgress,
    private readonly trending: TrendingRecorder,
    private readonly cache: ResultCache,
  ) {}

  async execute(): Promise<RebuildAnalyticsReport> {
    const counts = await this.rebuild.transaction(async (manager) => {
      await this.rebuild.lockInputs(manager);
      await this.rollups.rebuildAll(manager);
      // Streaks read the active days just rebuilt; challenge scores read activity itself.
      await this.streaks.rebuildAll(manager);
      await this.challengeProgress.rebuildAll(manager);
      return this.rebuild.countDerivedRows(manager);
    });
    this.logger.log(`rebuilt the tables from ${counts.activity} activity rows; syncing Redis`);
    // After commit: Redis copies are rewritten from what committed, and live ingest may already be adding to it.
    await this.rollups.refreshAggregate(this.rebuild.manager);
    await this.streaks.syncAll();
    await this.challengeProgress.syncAllLeaderboards();
    await this.trending.rebuild();
    const people = await this.rebuild.peopleWithAnalytics();
    for (let start = 0; start < people.length; start += INVALIDATE_CHUNK) {
      await this.cache.invalidateUsers(people.slice(start, start + INVALIDATE_CHUNK));
    }
    return { ...counts, people: people.length };
  }
}
