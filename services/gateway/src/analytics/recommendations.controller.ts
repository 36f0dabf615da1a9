import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { RecommendationsDto, RecommendationsQueryDto } from './analytics.dtos';
import { AnalyticsService } from './analytics.service';

@ApiTags('discovery')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @ApiOperation({
    description:
      'The caller’s own items related to what they worked on in the last 14 days (shared tags, similar ' +
      'titles, the same domain), best first, each with the reason; `limit` 1–50, default 20. Never anybody ' +
      'else’s items. Cached for up to an hour.',
  })
  @ZodResponse({ status: 200, type: RecommendationsDto, description: 'Related items, best first' })
  recommendations(@CurrentPrincipal() principal: Principal, @Query() query: RecommendationsQueryDto) {
    return this.analytics.recommendations(principal.userId, query);
  }
}
