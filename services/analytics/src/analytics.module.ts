import { Module } from '@nestjs/common';
import { CacheModule } from '@tracera/cache';
import { ChallengesModule } from './challenges/challenges.module';
import { DirectoryModule } from './directory/directory.module';
import { IngestModule } from './ingest/ingest.module';
import { InsightsModule } from './insights/insights.module';
import { RebuildModule } from './rebuild/rebuild.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { TrendingModule } from './trending/trending.module';

/**
 * The analytics service's features: activity ingest, the person's dashboard, streaks and heatmap,
 * challenges with leaderboards, trending and recommendations. Health, metrics, Redis and Postgres come from
 * the platform. Cached results have a generation of their own, so activity never invalidates search results.
 */
@Module({
  imports: [
    CacheModule.forRoot({ generationScope: 'analytics' }),
    DirectoryModule,
    IngestModule,
    InsightsModule,
    ChallengesModule,
    TrendingModule,
    RecommendationsModule,
    RebuildModule,
  ],
})
export class AnalyticsModule {}
