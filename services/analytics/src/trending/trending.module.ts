import { Module } from '@nestjs/common';
import { TrendingActivityRepository } from './trending-activity.repository';
import { TrendingBuckets } from './trending-buckets';
import { TrendingRecorder } from './trending-recorder';
import { TrendingRpcController } from './trending.rpc-controller';
import { TrendingUseCase } from './trending.use-case';

/** Instance-wide trending domains and tags. */
@Module({
  controllers: [TrendingRpcController],
  providers: [TrendingBuckets, TrendingActivityRepository, TrendingRecorder, TrendingUseCase],
  exports: [TrendingRecorder],
})
export class TrendingModule {}
