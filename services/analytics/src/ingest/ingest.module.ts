import { Module } from '@nestjs/common';
import { ChallengesModule } from '../challenges/challenges.module';
import { DirectoryModule } from '../directory/directory.module';
import { InsightsModule } from '../insights/insights.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { TrendingModule } from '../trending/trending.module';
import { ActivityBatcher } from './activity-batcher';
import { ActivityRepository } from './activity.repository';
import { ContentEventsController } from './events/content-events.controller';
import { MessagingEventsController } from './events/messaging-events.controller';
import { SessionEventsController } from './events/session-events.controller';
import { IngestActivityUseCase } from './ingest-activity.use-case';
import { PurgeExpiredActivityUseCase } from './purge-expired-activity.use-case';
import { RetentionRepository } from './retention.repository';
import { RetentionScheduler } from './retention-scheduler';
import { RollupRepository } from './rollup.repository';

/** Activity ingest: the domain events' consumer, the activity table, hourly rollups and active days. */
@Module({
  imports: [DirectoryModule, InsightsModule, ChallengesModule, TrendingModule, RecommendationsModule],
  controllers: [SessionEventsController, ContentEventsController, MessagingEventsController],
  providers: [
    ActivityRepository,
    RollupRepository,
    IngestActivityUseCase,
    ActivityBatcher,
    RetentionRepository,
    PurgeExpiredActivityUseCase,
    RetentionScheduler,
  ],
  exports: [RollupRepository],
})
export class IngestModule {}
