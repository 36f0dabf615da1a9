import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../content/item-version.headers';
import { ApiProblems } from '../http/api-problems.decorator';
import { answerCreated, CreatedOrExisting } from '../messaging/created-or-existing';
import {
  ChallengeDto,
  ChallengeListQueryDto,
  ChallengePageDto,
  ChallengeParamsDto,
  CreateChallengeDto,
} from './analytics.dtos';
import { AnalyticsService } from './analytics.service';

@ApiTags('challenges')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('challenges')
export class ChallengesController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ApiOperation({
    description:
      'Reach `target` completed tasks, saved bookmarks or created notes between `startsAt` and `endsAt` ' +
      '(after `startsAt`, in the future, at most 366 days later). The caller owns it and takes part at ' +
      'once. `invite`: only the owner, `invitees` and members see it. A retry with the same ' +
      'Idempotency-Key answers the first challenge with 200.',
  })
  @CreatedOrExisting(
    ChallengeDto,
    'Created',
    'The challenge an earlier request with this Idempotency-Key made',
  )
  @ApiProblems('unprocessable-content')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateChallengeDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { challenge, created } = await this.analytics.createChallenge(
      principal.userId,
      body,
      idempotencyKey,
    );
    answerCreated(reply, created);
    return { challenge };
  }

  @Get()
  @ApiOperation({
    description:
      'Challenges the caller may see: public ones and invite-only ones they own, were invited to or ' +
      'joined. `status` filters upcoming, active or ended ones; `joined=true` those the caller takes part in.',
  })
  @ZodResponse({ status: 200, type: ChallengePageDto, description: 'One page of challenges' })
  @ApiProblems('unprocessable-content')
  list(@CurrentPrincipal() principal: Principal, @Query() query: ChallengeListQueryDto) {
    return this.analytics.listChallenges(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: ChallengeDto, description: 'The challenge and the caller’s standing' })
  @ApiProblems('not-found')
  get(@CurrentPrincipal() principal: Principal, @Param() params: ChallengeParamsDto) {
    return this.analytics.getChallenge(principal.userId, params.id);
  }
}
