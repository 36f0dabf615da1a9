import { Module } from '@nestjs/common';
import { ChallengesModule } from '../challenges/challenges.module';
import { IngestModule } from '../ingest/ingest.module';
import { InsightsModule } from '../insights/insights.module';
import { TrendingModule } from '../trending/trending.module';
import { RebuildAnalyticsUseCase } from './rebuild-analytics.use-case';
import { RebuildRepository } from './rebuild.repository';

/** Recomputes everything derived from the activity table. */
@Module({
  imports: [IngestModule, InsightsModule, ChallengesModule, TrendingModule],
  providers: [RebuildRepository, RebuildAnalyticsUseCase],
  exports: [RebuildAnalyticsUseCase],
})
export class RebuildModule {}
