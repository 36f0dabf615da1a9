import { Module } from '@nestjs/common';
import { AnalyticsService } from './analytics.service';
import { ChallengeInvitationsController } from './challenge-invitations.controller';
import { ChallengeLeaderboardController } from './challenge-leaderboard.controller';
import { ChallengeMembershipController } from './challenge-membership.controller';
import { ChallengesController } from './challenges.controller';
import { InsightsController } from './insights.controller';
import { RecommendationsController } from './recommendations.controller';
import { TrendingController } from './trending.controller';

/** The analytics REST API: dashboard, streak and heatmap, challenges and leaderboards, trending, recommendations. */
@Module({
  controllers: [
    InsightsController,
    ChallengesController,
    ChallengeMembershipController,
    ChallengeInvitationsController,
    ChallengeLeaderboardController,
    TrendingController,
    RecommendationsController,
  ],
  providers: [AnalyticsService],
})
export class AnalyticsApiModule {}
