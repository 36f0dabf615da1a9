import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { DatabaseConnector } from '@tracera/db';
import { ChallengeProgress } from '../challenges/challenge-progress';
import { UserDirectory } from '../directory/user-directory';
import { effectiveTimeZone } from '../insights/insights-time-zone';
import { localDateOf } from '../insights/local-calendar';
import { StreakKeeper } from '../insights/streak-keeper';
import { type ItemChange, ItemsReadModel } from '../recommendations/items-read-model';
import { TrendingRecorder } from '../trending/trending-recorder';
import { type ActivityFact } from './activity-mapping';
import { activityKey, ActivityRepository } from './activity.repository';
import { type IngestedActivity } from './ingested-activity';
import { RollupRepository } from './rollup.repository';
import { lockUsers } from './user-locks';

/**
 * Records a batch of activity in one transaction: the rows, their rollups and every derived state that
 * lives in Postgres, counting only rows this transaction inserted. After commit, the Redis copies and
 * caches are refreshed for every row of the batch (idempotently), so a redelivery after a crash between
 * commit and Redis repairs them.
 */
@Injectable()
export class IngestActivityUseCase {
  constructor(
    private readonly connector: DatabaseConnector,
    private readonly directory: UserDirectory,
    private readonly activity: ActivityRepository,
    private readonly rollups: RollupRepository,
    private readonly streaks: StreakKeeper,
    private readonly challenges: ChallengeProgress,
    private readonly trending: TrendingRecorder,
    private readonly items: ItemsReadModel,
    private readonly cache: ResultCache,
  ) {}

  /**
   * The batch's rows as stored (a redelivered event's row as its first delivery recorded it). The batch's
   * item changes are applied in order in a transaction of their own, alongside (they need no user locks, and
   * the activity transaction is what bounds throughput). `committed` is called once both committed, before
   * the after-commit effects (a batcher may start its next batch then, which keeps item changes in order).
   */
  async execute(
    facts: ActivityFact[],
    itemChanges: readonly ItemChange[] = [],
    committed?: () => void,
  ): Promise<IngestedActivity[]> {
    const unique = new Map<string, ActivityFact>();
    for (const fact of facts) unique.set(activityKey(fact), fact);
    const [activity, items] = await Promise.allSettled([
      this.recordActivity([...unique.values()]),
      this.applyItemChanges(itemChanges),
    ]);
    // Both settled first: a failed batch is retried only once none of its statements still runs.
    if (activity.status === 'rejected') throw activity.reason;
    if (items.status === 'rejected') throw items.reason;
    const { batch, userIds, streaksToCopy } = activity.value;
    committed?.();
    await Promise.all([
      this.streaks.afterCommit(streaksToCopy),
      this.challenges.afterCommit(batch),
      this.trending.afterCommit(batch),
      this.cache.invalidateUsers([...userIds, ...items.value]),
    ]);
    return batch;
  }

  /**
   * The activity transaction. Also returns the people to copy streaks of: those it rewrote, and those with
   * redelivered rows (an earlier delivery may have committed without reaching Redis).
   */
  private async recordActivity(
    facts: ActivityFact[],
  ): Promise<{ batch: IngestedActivity[]; userIds: string[]; streaksToCopy: string[] }> {
    const userIds = [...new Set(facts.map((fact) => fact.userId))];
    if (userIds.length === 0) return { batch: [], userIds, streaksToCopy: [] };
    return this.connector.dataSource.transaction(async (manager) => {
      await lockUsers(manager, userIds);
      const zones = await this.directory.timeZonesOf(userIds, manager);
      const rows = facts.map((fact) => ({
        ...fact,
        // A zone this runtime does not know files the activity under UTC's day.
        localDay: localDateOf(fact.occurredAt, effectiveTimeZone(undefined, zones.get(fact.userId) ?? 'UTC')),
      }));
      const inserted = await this.activity.insertMany(manager, rows, await this.rollups.onInsert(manager));
      const streaksToCopy = await this.streaks.applyInTransaction(manager, inserted);
      await this.challenges.applyInTransaction(manager, inserted);
      const insertedKeys = new Set(inserted.map(activityKey));
      const earlier = rows.filter((row) => !insertedKeys.has(activityKey(row)));
      for (const row of earlier) streaksToCopy.add(row.userId);
      const batch = [...inserted, ...(await this.activity.findByEvents(manager, earlier))];
      return { batch, userIds, streaksToCopy: [...streaksToCopy] };
    });
  }

  /** The people whose items changed. */
  private async applyItemChanges(changes: readonly ItemChange[]): Promise<Set<string>> {
    if (changes.length === 0) return new Set();
    return this.connector.dataSource.transaction((manager) => this.items.applyChanges(changes, manager));
  }
}
