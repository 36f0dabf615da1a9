import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { ChallengeParamsDto, LeaderboardDto, LeaderboardQueryDto } from './analytics.dtos';
import { AnalyticsService } from './analytics.service';

@ApiTags('challenges')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('challenges/:id/leaderboard')
export class ChallengeLeaderboardController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @ApiOperation({
    description:
      'Participants by score, then who reached it first, then user id: every rank is distinct. The top ' +
      '`limit` (1–200, default 50), or with `around=me` the caller’s neighbours, half on either side. ' +
      '`me` is the caller’s rank and score, null when they do not take part.',
  })
  @ZodResponse({ status: 200, type: LeaderboardDto, description: 'One slice of the ranking' })
  @ApiProblems('not-found')
  leaderboard(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ChallengeParamsDto,
    @Query() query: LeaderboardQueryDto,
  ) {
    return this.analytics.leaderboard(principal.userId, params.id, query);
  }
}
