import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../content/item-version.headers';
import { ApiProblems } from '../http/api-problems.decorator';
import { answerCreated, CreatedOrExisting } from './created-or-existing';
import {
  ConversationDto,
  ConversationListQueryDto,
  ConversationPageDto,
  CreateConversationDto,
  IdParamsDto,
  UpdateConversationDto,
} from './messaging.dtos';
import { MessagingService } from './messaging.service';

@ApiTags('conversations')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly messaging: MessagingService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ApiOperation({
    description:
      'The caller becomes the owner. `direct`: exactly one other member, no title; asking again for the ' +
      'same person answers the existing conversation with 200. `group`: any number of members and a title.',
  })
  @CreatedOrExisting(ConversationDto, 'Created', 'The existing direct conversation with that person')
  @ApiProblems('unprocessable-content')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateConversationDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { conversation, created } = await this.messaging.createConversation(
      principal.userId,
      body,
      idempotencyKey,
    );
    answerCreated(reply, created);
    return { conversation };
  }

  @Get()
  @ZodResponse({
    status: 200,
    type: ConversationPageDto,
    description: 'One page of the caller’s conversations, the most recently active first',
  })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ConversationListQueryDto) {
    return this.messaging.listConversations(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: ConversationDto, description: 'The conversation with its members' })
  @ApiProblems('not-found')
  get(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto) {
    return this.messaging.getConversation(principal.userId, params.id);
  }

  @Patch(':id')
  @ApiOperation({
    description:
      '`title`: groups only, by owners and admins. `archived`: hides the conversation for the caller only.',
  })
  @ZodResponse({ status: 200, type: ConversationDto, description: 'The changed conversation' })
  @ApiProblems('forbidden', 'not-found', 'unprocessable-content')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: UpdateConversationDto,
  ) {
    return this.messaging.updateConversation(principal.userId, params.id, body);
  }
}
