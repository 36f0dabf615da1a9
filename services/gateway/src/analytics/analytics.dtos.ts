import {
  analyticsRpc,
  challengeStatusField,
  dashboardRangeField,
  timeZoneField,
  trendingWindowField,
} from '@tracera/contracts';
import { createApiDto } from '../http/api-dto';
import { z } from 'zod';

// Bodies: the contracts' strict schemas, so the edge and the analytics service apply the same rules.
export class CreateChallengeDto extends createApiDto(analyticsRpc.createChallengeBody) {}
export class InviteToChallengeDto extends createApiDto(analyticsRpc.inviteToChallengeBody) {}

// Route parameters.
export class ChallengeParamsDto extends createApiDto(z.strictObject({ id: z.uuid() })) {}

// Queries. Query strings are text: numbers are plain digits only (`z.coerce` would also take `''`, `1e3`
// or `0x10`), booleans are spelled `true|false`, and unknown parameters are refused.
const digits = (maxLength: number) =>
  z
    .string()
    .regex(new RegExp(`^\\d{1,${maxLength}}$`), 'must be a non-negative integer')
    .transform(Number);
const limitQuery = (max: number, fallback: number) =>
  digits(4).pipe(z.number().int().min(1).max(max)).default(fallback);
const booleanQuery = z.enum(['true', 'false']).transform((flag) => flag === 'true');

export class DashboardQueryDto extends createApiDto(
  z.strictObject({
    range: dashboardRangeField.default('30d'),
    /** The IANA zone to count days and hours in; the person's profile zone when absent. */
    tz: timeZoneField.optional(),
  }),
) {}

export class HeatmapQueryDto extends createApiDto(
  z.strictObject({
    year: digits(4)
      .pipe(z.number().int().min(analyticsRpc.HEATMAP_MIN_YEAR).max(analyticsRpc.HEATMAP_MAX_YEAR))
      .optional(),
  }),
) {}

export class ChallengeListQueryDto extends createApiDto(
  z.strictObject({
    status: challengeStatusField.optional(),
    joined: booleanQuery.optional(),
    limit: limitQuery(200, 50),
    cursor: z.string().max(200).optional(),
  }),
) {}

export class LeaderboardQueryDto extends createApiDto(
  z.strictObject({
    around: z.literal('me').optional(),
    limit: limitQuery(analyticsRpc.LEADERBOARD_MAX, 50),
  }),
) {}

export class TrendingQueryDto extends createApiDto(
  z.strictObject({
    window: trendingWindowField.default('24h'),
    limit: limitQuery(analyticsRpc.TRENDING_MAX, 10),
  }),
) {}

export class RecommendationsQueryDto extends createApiDto(
  z.strictObject({ limit: limitQuery(analyticsRpc.RECOMMENDATIONS_MAX, 20) }),
) {}

// Answers.
export class DashboardDto extends createApiDto(analyticsRpc.dashboard.response) {}
export class StreakDto extends createApiDto(analyticsRpc.streak.response) {}
export class HeatmapDto extends createApiDto(analyticsRpc.heatmap.response) {}
export class ChallengeDto extends createApiDto(analyticsRpc.getChallenge.response) {}
export class ChallengePageDto extends createApiDto(analyticsRpc.listChallenges.response) {}
export class LeaderboardDto extends createApiDto(analyticsRpc.leaderboard.response) {}
export class TrendingDto extends createApiDto(analyticsRpc.trending.response) {}
export class RecommendationsDto extends createApiDto(analyticsRpc.recommendations.response) {}
