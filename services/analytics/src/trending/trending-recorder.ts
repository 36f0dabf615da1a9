import { Injectable } from '@nestjs/common';
import { type IngestedActivity } from '../ingest/ingested-activity';
import {
  type ActivityPosition,
  type TrendingActivity,
  TrendingActivityRepository,
} from './trending-activity.repository';
import { TrendingBuckets } from './trending-buckets';
import {
  HOUR_MS,
  hourOf,
  KEPT_HOURS,
  oldestKeptHour,
  TRENDING_ACTIVITY_TYPES,
  type TrendingContribution,
  trendingContribution,
} from './trending-contribution';

/** Activity rows per rebuild page, and so per script call. */
const REBUILD_PAGE = 2000;

/** Keeps the trending buckets in step with the activity table. */
@Injectable()
export class TrendingRecorder {
  constructor(
    private readonly buckets: TrendingBuckets,
    private readonly activity: TrendingActivityRepository,
  ) {}

  /**
   * After an ingest transaction commits: counts every row of the batch, inserted now or redelivered, in one
   * script call; the per-hour seen sets make rows already counted a no-op.
   */
  async afterCommit(batch: readonly IngestedActivity[]): Promise<void> {
    await this.buckets.record(this.contributions(batch, hourOf(Date.now())));
  }

  /**
   * Recomputes the kept hours' buckets and seen sets from `analytics.activity`: deletes them, then counts
   * every row again. Ingest running meanwhile loses nothing: a row committed before the delete is read by a
   * later page, and one committed after it is counted by its own batch (the seen sets keep both to once).
   */
  async rebuild(): Promise<void> {
    const currentHour = hourOf(Date.now());
    const oldest = oldestKeptHour(currentHour);
    const kept = Array.from({ length: KEPT_HOURS }, (_, index) => oldest + index);
    await this.buckets.clear(kept);
    const since = new Date(oldest * HOUR_MS);
    let after: ActivityPosition | undefined;
    do {
      const page = await this.activity.pageSince(since, TRENDING_ACTIVITY_TYPES, after, REBUILD_PAGE);
      await this.buckets.record(this.contributions(page.rows, currentHour));
      after = page.next;
    } while (after);
  }

  private contributions(rows: readonly TrendingActivity[], currentHour: number): TrendingContribution[] {
    return rows.flatMap((row) => trendingContribution(row, currentHour) ?? []);
  }
}
