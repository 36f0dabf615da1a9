import { z } from 'zod';
import { pageRequest } from '../auth/auth-models';
import { isoTime, timeZoneField } from '../auth/auth-fields';
import { defineRpc } from '../contract';
import { pageOf } from '../content/content-models';
import {
  CHALLENGE_INVITEES_MAX,
  challengeDescriptionField,
  challengeMetricField,
  challengeStatusField,
  challengeTargetField,
  challengeTitleField,
  challengeVisibilityField,
  dashboardRangeField,
  trendingWindowField,
} from './analytics-fields';
import {
  challengeView,
  dashboardView,
  heatmapView,
  leaderboardView,
  recommendationsView,
  streakView,
  trendingView,
} from './analytics-models';

// Every per-user request names the caller (`userId`); a challenge the caller may not see is NOT_FOUND,
// exactly like one that does not exist.
const userId = z.uuid();
const challengeId = z.uuid();
const ok = z.object({});

// ---- activity ---------------------------------------------------------------------------------------

/** `timeZone` defaults to the person's profile zone (UTC until they set one). */
export const dashboard = defineRpc('analytics.dashboard', {
  service: 'analytics',
  request: z.object({ userId, range: dashboardRangeField, timeZone: timeZoneField.optional() }),
  response: dashboardView,
});

export const streak = defineRpc('analytics.streak', {
  service: 'analytics',
  request: z.object({ userId }),
  response: streakView,
});

export const HEATMAP_MIN_YEAR = 2000;
export const HEATMAP_MAX_YEAR = 2100;
/** `year` defaults to the current year in the person's zone. */
export const heatmap = defineRpc('analytics.heatmap', {
  service: 'analytics',
  request: z.object({
    userId,
    year: z.number().int().min(HEATMAP_MIN_YEAR).max(HEATMAP_MAX_YEAR).optional(),
  }),
  response: heatmapView,
});

// ---- challenges -------------------------------------------------------------------------------------

/**
 * `startsAt` before `endsAt`, `endsAt` in the future, at most CHALLENGE_MAX_DAYS long; the owner joins at
 * once. `invitees` may see and join an invite-only challenge (ignored for public ones).
 */
export const createChallengeBody = z.strictObject({
  title: challengeTitleField,
  description: challengeDescriptionField.optional(),
  metric: challengeMetricField,
  target: challengeTargetField,
  startsAt: isoTime,
  endsAt: isoTime,
  visibility: challengeVisibilityField,
  invitees: z.array(z.uuid()).max(CHALLENGE_INVITEES_MAX).optional(),
});

export const createChallenge = defineRpc('analytics.challenge.create', {
  service: 'analytics',
  request: createChallengeBody.extend({ userId, idempotencyKey: z.string().min(1).max(200).optional() }),
  response: z.object({ challenge: challengeView, created: z.boolean() }),
});

/** Challenges the caller may see: public ones, and invite-only ones they own, were invited to or joined. */
export const listChallenges = defineRpc('analytics.challenge.list', {
  service: 'analytics',
  request: z.object({
    userId,
    status: challengeStatusField.optional(),
    /** Only those the caller takes part in. */
    joined: z.boolean().optional(),
    ...pageRequest,
  }),
  response: pageOf(challengeView),
});

export const getChallenge = defineRpc('analytics.challenge.get', {
  service: 'analytics',
  request: z.object({ userId, challengeId }),
  response: z.object({ challenge: challengeView }),
});

/** Joining twice is a no-op; an ended challenge cannot be joined (CONFLICT). Progress in the period counts from its start. */
export const joinChallenge = defineRpc('analytics.challenge.join', {
  service: 'analytics',
  request: z.object({ userId, challengeId }),
  response: z.object({ challenge: challengeView }),
});

/** Leaving drops the caller's score; the owner may leave too (the challenge stays). */
export const leaveChallenge = defineRpc('analytics.challenge.leave', {
  service: 'analytics',
  request: z.object({ userId, challengeId }),
  response: ok,
});

export const inviteToChallengeBody = z.strictObject({
  userIds: z.array(z.uuid()).min(1).max(CHALLENGE_INVITEES_MAX),
});
/** Owner only (FORBIDDEN otherwise). */
export const inviteToChallenge = defineRpc('analytics.challenge.invite', {
  service: 'analytics',
  request: inviteToChallengeBody.extend({ userId, challengeId }),
  response: z.object({ challenge: challengeView }),
});

export const LEADERBOARD_MAX = 200;
/**
 * Ranked by score, then by who reached it first, then by user id: every participant has a distinct rank.
 * `around: 'me'` gives the caller's neighbours (limit/2 either side) instead of the top.
 */
export const leaderboard = defineRpc('analytics.challenge.leaderboard', {
  service: 'analytics',
  request: z.object({
    userId,
    challengeId,
    around: z.literal('me').optional(),
    limit: z.number().int().min(1).max(LEADERBOARD_MAX).default(50),
  }),
  response: leaderboardView,
});

// ---- discovery --------------------------------------------------------------------------------------

export const TRENDING_MAX = 50;
/** Instance-wide counts only; never who. */
export const trending = defineRpc('analytics.trending', {
  service: 'analytics',
  request: z.object({
    userId,
    window: trendingWindowField,
    limit: z.number().int().min(1).max(TRENDING_MAX).default(10),
  }),
  response: trendingView,
});

export const RECOMMENDATIONS_MAX = 50;
/** The caller's own items related to what they worked on lately; nothing of anybody else's. */
export const recommendations = defineRpc('analytics.recommendations', {
  service: 'analytics',
  request: z.object({ userId, limit: z.number().int().min(1).max(RECOMMENDATIONS_MAX).default(20) }),
  response: recommendationsView,
});

export const analyticsRpcContracts = [
  dashboard,
  streak,
  heatmap,
  createChallenge,
  listChallenges,
  getChallenge,
  joinChallenge,
  leaveChallenge,
  inviteToChallenge,
  leaderboard,
  trending,
  recommendations,
] as const;
