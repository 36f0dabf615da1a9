import { Injectable } from '@nestjs/common';
import { analyticsRpc } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import {
  type ChallengeListQueryDto,
  type CreateChallengeDto,
  type DashboardQueryDto,
  type HeatmapQueryDto,
  type InviteToChallengeDto,
  type LeaderboardQueryDto,
  type RecommendationsQueryDto,
  type TrendingQueryDto,
} from './analytics.dtos';

/**
 * The caller's activity, challenges and discoveries: every call names the caller, and the analytics service
 * answers 404 for a challenge they may not see exactly like for one that does not exist.
 */
@Injectable()
export class AnalyticsService {
  constructor(private readonly rpc: RedisStreamsClient) {}

  // ---- activity ----

  dashboard(userId: string, { range, tz }: DashboardQueryDto) {
    return this.rpc.call(analyticsRpc.dashboard, { userId, range, timeZone: tz }, { actor: userId });
  }

  streak(userId: string) {
    return this.rpc.call(analyticsRpc.streak, { userId }, { actor: userId });
  }

  heatmap(userId: string, { year }: HeatmapQueryDto) {
    return this.rpc.call(analyticsRpc.heatmap, { userId, year }, { actor: userId });
  }

  // ---- challenges ----

  createChallenge(userId: string, body: CreateChallengeDto, idempotencyKey: string | undefined) {
    return this.rpc.call(
      analyticsRpc.createChallenge,
      { ...body, userId, idempotencyKey },
      { actor: userId },
    );
  }

  listChallenges(userId: string, query: ChallengeListQueryDto) {
    return this.rpc.call(analyticsRpc.listChallenges, { ...query, userId }, { actor: userId });
  }

  getChallenge(userId: string, challengeId: string) {
    return this.rpc.call(analyticsRpc.getChallenge, { userId, challengeId }, { actor: userId });
  }

  joinChallenge(userId: string, challengeId: string) {
    return this.rpc.call(analyticsRpc.joinChallenge, { userId, challengeId }, { actor: userId });
  }

  async leaveChallenge(userId: string, challengeId: string): Promise<void> {
    await this.rpc.call(analyticsRpc.leaveChallenge, { userId, challengeId }, { actor: userId });
  }

  inviteToChallenge(userId: string, challengeId: string, body: InviteToChallengeDto) {
    return this.rpc.call(analyticsRpc.inviteToChallenge, { ...body, userId, challengeId }, { actor: userId });
  }

  leaderboard(userId: string, challengeId: string, query: LeaderboardQueryDto) {
    return this.rpc.call(analyticsRpc.leaderboard, { ...query, userId, challengeId }, { actor: userId });
  }

  // ---- discovery ----

  trending(userId: string, query: TrendingQueryDto) {
    return this.rpc.call(analyticsRpc.trending, { ...query, userId }, { actor: userId });
  }

  recommendations(userId: string, query: RecommendationsQueryDto) {
    return this.rpc.call(analyticsRpc.recommendations, { ...query, userId }, { actor: userId });
  }
}
