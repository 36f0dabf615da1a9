import { Module } from '@nestjs/common';

/** The analytics service's features: activity time series, streaks, challenges and trending. Health, metrics, Redis and Postgres come from the platform. */
@Module({})
export class AnalyticsModule {}
