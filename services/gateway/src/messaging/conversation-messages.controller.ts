import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../content/item-version.headers';
import { ApiProblems } from '../http/api-problems.decorator';
import { answerCreated, CreatedOrExisting } from './created-or-existing';
import {
  IdParamsDto,
  MessageDto,
  MessageListQueryDto,
  MessagePageDto,
  SendMessageDto,
} from './messaging.dtos';
import { MessagingService } from './messaging.service';

@ApiTags('messages')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('conversations/:id/messages')
export class ConversationMessagesController {
  constructor(private readonly messaging: MessagingService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ApiOperation({
    description:
      'Sends a Markdown message (at most 10,000 characters; longer ones are refused, not truncated) with up ' +
      'to 10 of the sender’s own items attached. A retry with the same `clientId` or `Idempotency-Key` ' +
      'answers the first message with 200 instead of sending it twice.',
  })
  @CreatedOrExisting(MessageDto, 'Sent', 'The message an earlier request with the same `clientId` sent')
  @ApiProblems('not-found', 'unprocessable-content')
  async send(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: SendMessageDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { message, created } = await this.messaging.sendMessage(
      principal.userId,
      params.id,
      body,
      idempotencyKey,
    );
    answerCreated(reply, created);
    return { message };
  }

  @Get()
  @ApiOperation({
    description:
      'A page of messages by `seq`, always in ascending order. `after`: the oldest messages after that seq; ' +
      '`before` (or neither): the newest before it. `nextCursor` is the seq to pass as the same parameter ' +
      'for the next page in that direction, null at the end.',
  })
  @ZodResponse({ status: 200, type: MessagePageDto, description: 'One page of messages, oldest first' })
  @ApiProblems('not-found')
  list(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Query() query: MessageListQueryDto,
  ) {
    return this.messaging.listMessages(principal.userId, params.id, query);
  }
}
