import { daysBetween } from './local-calendar';

/**
 * A person's streak as stored (the `analytics.streaks` row and its Redis hash): the latest run of
 * consecutive active days and the longest run ever. `version` orders copies of it: the later write wins.
 */
export interface StreakRecord {
  /** First day of the latest run; null before any activity. */
  runStart: string | null;
  /** Last active day (the latest run's end). */
  lastDay: string | null;
  longest: number;
  /** Microseconds since the epoch at the write, from the database clock; 0 for "known to have no row". */
  version: number;
}

export const NO_STREAK: StreakRecord = { runStart: null, lastDay: null, longest: 0, version: 0 };

/**
 * The length of the current streak on local day `today`: the latest run if it ended today or yesterday (a
 * streak is not lost before the day is over), else 0. A run ending "after" today (the person moved to a zone
 * further west) still counts as current.
 */
export function currentStreakLength(record: StreakRecord, today: string): number {
  if (record.runStart === null || record.lastDay === null) return 0;
  if (daysBetween(record.lastDay, today) > 1) return 0;
  return daysBetween(record.runStart, record.lastDay) + 1;
}
