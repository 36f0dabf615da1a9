import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { ChallengeDto, ChallengeParamsDto } from './analytics.dtos';
import { AnalyticsService } from './analytics.service';

@ApiTags('challenges')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('challenges/:id')
export class ChallengeMembershipController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Post('join')
  @HttpCode(200)
  @ApiOperation({
    description:
      'Takes part: what the caller already did since the start counts. Joining twice changes nothing; an ' +
      'invite-only challenge needs an invitation; an ended one cannot be joined (409).',
  })
  @ZodResponse({ status: 200, type: ChallengeDto, description: 'The challenge with the caller’s standing' })
  @ApiProblems('not-found', 'conflict')
  join(@CurrentPrincipal() principal: Principal, @Param() params: ChallengeParamsDto) {
    return this.analytics.joinChallenge(principal.userId, params.id);
  }

  @Post('leave')
  @HttpCode(204)
  @ApiOperation({
    description:
      'Stops taking part and drops the caller’s score; the owner may leave too (the challenge stays).',
  })
  @ApiNoContentResponse({ description: 'Left' })
  @ApiProblems('not-found')
  leave(@CurrentPrincipal() principal: Principal, @Param() params: ChallengeParamsDto): Promise<void> {
    return this.analytics.leaveChallenge(principal.userId, params.id);
  }
}
