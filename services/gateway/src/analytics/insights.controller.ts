import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { DashboardDto, DashboardQueryDto, HeatmapDto, HeatmapQueryDto, StreakDto } from './analytics.dtos';
import { AnalyticsService } from './analytics.service';

@ApiTags('analytics')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('analytics')
export class InsightsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('dashboard')
  @ApiOperation({
    description:
      'What the caller did over the last `range` (7d, 30d, 90d or 365d; 30d when absent) ending today, in ' +
      'the IANA zone `tz` (the profile zone when absent): counts per activity type and day (every day, ' +
      'empty ones too), totals, tasks created and completed, top tags and activity per hour of day. Cached ' +
      'for up to an hour; new activity of the caller refreshes it.',
  })
  @ZodResponse({ status: 200, type: DashboardDto, description: 'The caller’s activity over the range' })
  dashboard(@CurrentPrincipal() principal: Principal, @Query() query: DashboardQueryDto) {
    return this.analytics.dashboard(principal.userId, query);
  }

  @Get('streak')
  @ApiOperation({
    description:
      'Consecutive days with activity in the caller’s profile zone. The current streak still counts ' +
      'yesterday until today ends; signing in and imports do not keep it alive.',
  })
  @ZodResponse({ status: 200, type: StreakDto, description: 'The current and longest streak' })
  streak(@CurrentPrincipal() principal: Principal) {
    return this.analytics.streak(principal.userId);
  }

  @Get('heatmap')
  @ApiOperation({
    description:
      'Activity per day of `year` (2000–2100; this year in the profile zone when absent), every day from ' +
      '1 January, counting what keeps a streak alive.',
  })
  @ZodResponse({ status: 200, type: HeatmapDto, description: 'One count per day of the year' })
  heatmap(@CurrentPrincipal() principal: Principal, @Query() query: HeatmapQueryDto) {
    return this.analytics.heatmap(principal.userId, query);
  }
}
