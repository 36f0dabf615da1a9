import { type ActivityType } from '@tracera/contracts';
import { type IngestedActivity } from '../ingest/ingested-activity';

export const HOUR_MS = 3_600_000;
/** How many hourly buckets are kept: the 7-day window plus a day, so a bucket outlives every query reading it. */
export const KEPT_HOURS = 8 * 24;

/** Activity whose tags count as trending: items saved or created (not edits, imports or completions). */
const TAG_TYPES: ReadonlySet<ActivityType> = new Set([
  'bookmark_saved',
  'note_created',
  'task_created',
  'file_uploaded',
]);

/** What one activity row adds to the trending buckets of its hour. Never who did it. */
export interface TrendingContribution {
  eventId: string;
  /** Hours since the Unix epoch (UTC) of the activity. */
  hour: number;
  domain: string | null;
  tags: string[];
}

/** The hour bucket an instant falls in, as whole hours since the epoch. */
export function hourOf(at: Date | number): number {
  return Math.floor((typeof at === 'number' ? at : at.getTime()) / HOUR_MS);
}

/** The oldest hour still kept when the current hour is `currentHour`. */
export function oldestKeptHour(currentHour: number): number {
  return currentHour - KEPT_HOURS + 1;
}

/**
 * The row's share of trending, or null when it adds nothing (another type, nothing to count, or older than
 * the kept buckets). Ingest and rebuild both go through here, so they always agree.
 */
export function trendingContribution(
  row: Pick<IngestedActivity, 'eventId' | 'type' | 'occurredAt' | 'tags' | 'domain'>,
  currentHour: number,
): TrendingContribution | null {
  if (!TAG_TYPES.has(row.type)) return null;
  const hour = hourOf(row.occurredAt);
  if (hour < oldestKeptHour(currentHour)) return null;
  const domain = row.type === 'bookmark_saved' && row.domain ? row.domain : null;
  // A tag listed twice on one item still counts once for it.
  const tags = [...new Set(row.tags.filter((tag) => tag !== ''))];
  if (domain === null && tags.length === 0) return null;
  return { eventId: row.eventId, hour, domain, tags };
}

/** Activity types whose rows may contribute, for the rebuild's query. */
export const TRENDING_ACTIVITY_TYPES: readonly ActivityType[] = [...TAG_TYPES];
