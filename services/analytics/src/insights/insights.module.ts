import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { ActiveDaysRepository } from './active-days.repository';
import { DashboardRepository } from './dashboard.repository';
import { DashboardUseCase } from './dashboard.use-case';
import { HeatmapUseCase } from './heatmap.use-case';
import { InsightsRpcController } from './insights.rpc-controller';
import { StreakHashes } from './streak-hashes';
import { StreakKeeper } from './streak-keeper';
import { StreakUseCase } from './streak.use-case';
import { StreakRepository } from './streak.repository';

/** The person's own numbers: dashboard, streaks and heatmap. Ingest and the rebuild keep streaks through StreakKeeper. */
@Module({
  imports: [DirectoryModule],
  controllers: [InsightsRpcController],
  providers: [
    DashboardRepository,
    ActiveDaysRepository,
    StreakRepository,
    StreakHashes,
    StreakKeeper,
    DashboardUseCase,
    StreakUseCase,
    HeatmapUseCase,
  ],
  exports: [StreakKeeper],
})
export class InsightsModule {}
