import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { TrendingDto, TrendingQueryDto } from './analytics.dtos';
import { AnalyticsService } from './analytics.service';

@ApiTags('discovery')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('trending')
export class TrendingController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @ApiOperation({
    description:
      'The most saved bookmark domains and most used tags across the instance over the last `window` ' +
      '(24h or 7d, default 24h), `limit` of each (1–50, default 10). Counts only, never who.',
  })
  @ZodResponse({ status: 200, type: TrendingDto, description: 'Domains and tags, most saved first' })
  trending(@CurrentPrincipal() principal: Principal, @Query() query: TrendingQueryDto) {
    return this.analytics.trending(principal.userId, query);
  }
}
