import { z } from 'zod';
import { isoTime } from '../auth/auth-fields';
import { itemTypeField } from '../content/content-fields';
import {
  activityTypeField,
  challengeMetricField,
  challengeStatusField,
  challengeVisibilityField,
  dashboardRangeField,
  localDateField,
  trendingWindowField,
} from './analytics-fields';

/** Counts per activity type; types with no activity are left out. */
const countsByType = z.partialRecord(activityTypeField, z.number().int().min(0));

export const dashboardView = z.object({
  range: dashboardRangeField,
  /** The IANA zone the days and hours are in: the `tz` asked for, else the person's profile zone. */
  timeZone: z.string(),
  /** First and last local day of the range; the last is today. */
  from: localDateField,
  to: localDateField,
  totals: countsByType,
  /** Every day of the range, oldest first, including days without activity (`counts: {}`). */
  perDay: z.array(z.object({ date: localDateField, counts: countsByType })),
  tasks: z.object({ created: z.number().int(), completed: z.number().int() }),
  /** Tags on the items saved or created in the range, most used first (at most 10). */
  topTags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
  /** Activity per local hour of day, index 0 = 00:00–00:59. */
  activeHours: z.array(z.number().int()).length(24),
  generatedAt: isoTime,
});
export type DashboardView = z.infer<typeof dashboardView>;

export const streakView = z.object({
  /** Consecutive days with activity ending today or yesterday (a streak is not lost before the day ends). */
  current: z.number().int().min(0),
  longest: z.number().int().min(0),
  lastActiveDate: localDateField.nullable(),
  timeZone: z.string(),
});
export type StreakView = z.infer<typeof streakView>;

export const heatmapView = z.object({
  year: z.number().int(),
  timeZone: z.string(),
  /** Every day of the year, 1 January first, with the activity counted on it (0 when none). */
  days: z.array(z.object({ date: localDateField, count: z.number().int().min(0) })),
});
export type HeatmapView = z.infer<typeof heatmapView>;

export const challengeView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  metric: challengeMetricField,
  target: z.number().int(),
  startsAt: isoTime,
  endsAt: isoTime,
  visibility: challengeVisibilityField,
  ownerId: z.uuid(),
  status: challengeStatusField,
  memberCount: z.number().int(),
  /** The caller's standing, when they take part. */
  me: z
    .object({ score: z.number().int(), rank: z.number().int().nullable(), completedAt: isoTime.nullable() })
    .nullable(),
  createdAt: isoTime,
});
export type ChallengeView = z.infer<typeof challengeView>;

export const leaderboardEntry = z.object({
  rank: z.number().int().min(1),
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  score: z.number().int(),
  completed: z.boolean(),
});
export const leaderboardView = z.object({
  items: z.array(leaderboardEntry),
  me: z.object({ rank: z.number().int(), score: z.number().int() }).nullable(),
  /** How many take part. */
  total: z.number().int(),
});
export type LeaderboardView = z.infer<typeof leaderboardView>;

export const trendingView = z.object({
  window: trendingWindowField,
  domains: z.array(z.object({ domain: z.string(), count: z.number().int() })),
  tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
});
export type TrendingView = z.infer<typeof trendingView>;

export const recommendationView = z.object({
  type: itemTypeField,
  id: z.uuid(),
  title: z.string(),
  /** Why it is suggested, for people: "Shares #rust with “Async in depth”". */
  reason: z.string(),
  score: z.number(),
});
export const recommendationsView = z.object({ items: z.array(recommendationView) });
export type RecommendationsView = z.infer<typeof recommendationsView>;
