import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { ChallengeDto, ChallengeParamsDto, InviteToChallengeDto } from './analytics.dtos';
import { AnalyticsService } from './analytics.service';

@ApiTags('challenges')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('challenges/:id/invitations')
export class ChallengeInvitationsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    description:
      'Owner only: lets `userIds` see and join the challenge. Inviting someone twice changes nothing; ' +
      'unknown people are refused with 422 naming `userIds`.',
  })
  @ZodResponse({ status: 200, type: ChallengeDto, description: 'The challenge' })
  @ApiProblems('forbidden', 'not-found', 'unprocessable-content')
  invite(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ChallengeParamsDto,
    @Body() body: InviteToChallengeDto,
  ) {
    return this.analytics.inviteToChallenge(principal.userId, params.id, body);
  }
}
