import { z } from 'zod';
import { storableText } from '../storable-text';

/**
 * What analytics records from the domain events, one row per event at most. `bookmark_imported` is kept
 * apart from `bookmark_saved` so an import of thousands neither fills a streak nor wins a challenge.
 */
export const activityTypeField = z.enum([
  'signed_in',
  'bookmark_saved',
  'bookmark_imported',
  'bookmark_updated',
  'note_created',
  'note_updated',
  'task_created',
  'task_updated',
  'task_completed',
  'file_uploaded',
  'message_sent',
  'reaction_added',
]);
export type ActivityType = z.infer<typeof activityTypeField>;

/** Activity that keeps a streak alive: something the person did, not merely signing in or importing. */
export const STREAK_ACTIVITY_TYPES: readonly ActivityType[] = activityTypeField.options.filter(
  (type) => type !== 'signed_in' && type !== 'bookmark_imported',
);

export const dashboardRangeField = z.enum(['7d', '30d', '90d', '365d']);
export type DashboardRange = z.infer<typeof dashboardRangeField>;
export const DASHBOARD_RANGE_DAYS: Record<DashboardRange, number> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
  '365d': 365,
};

export const trendingWindowField = z.enum(['24h', '7d']);
export type TrendingWindow = z.infer<typeof trendingWindowField>;

/** What a challenge counts; each completed task, saved bookmark or created note counts once per item. */
export const challengeMetricField = z.enum(['tasks_completed', 'bookmarks_saved', 'notes_created']);
export type ChallengeMetric = z.infer<typeof challengeMetricField>;
export const CHALLENGE_METRIC_ACTIVITY: Record<ChallengeMetric, ActivityType> = {
  tasks_completed: 'task_completed',
  bookmarks_saved: 'bookmark_saved',
  notes_created: 'note_created',
};

/** `public`: everyone sees and may join; `invite`: only the owner, the invited and members see it. */
export const challengeVisibilityField = z.enum(['public', 'invite']);
export const challengeStatusField = z.enum(['upcoming', 'active', 'ended']);

export const CHALLENGE_TITLE_MAX = 200;
export const CHALLENGE_DESCRIPTION_MAX = 2000;
export const CHALLENGE_TARGET_MAX = 1_000_000;
/** The longest a challenge may run. */
export const CHALLENGE_MAX_DAYS = 366;
export const CHALLENGE_INVITEES_MAX = 200;

export const challengeTitleField = storableText().trim().min(1).max(CHALLENGE_TITLE_MAX);
export const challengeDescriptionField = storableText().trim().max(CHALLENGE_DESCRIPTION_MAX);
export const challengeTargetField = z.number().int().min(1).max(CHALLENGE_TARGET_MAX);

/** A calendar day, `YYYY-MM-DD`. */
export const localDateField = z.iso.date();
