import { Body, Controller, Delete, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { AddReactionDto, IdParamsDto, MessageDto, ReactionParamsDto } from './messaging.dtos';
import { MessagingService } from './messaging.service';

@ApiTags('messages')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('messages/:id/reactions')
export class MessageReactionsController {
  constructor(private readonly messaging: MessagingService) {}

  @Post()
  @ApiOperation({
    description:
      'One emoji (or a `:shortcode:`) from the caller. Adding the same reaction twice changes nothing.',
  })
  @ZodResponse({ status: 201, type: MessageDto, description: 'The message with its reactions' })
  @ApiProblems('not-found', 'conflict')
  add(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto, @Body() body: AddReactionDto) {
    return this.messaging.addReaction(principal.userId, params.id, body.emoji);
  }

  @Delete(':emoji')
  @ApiOperation({
    description:
      'Removes the caller’s reaction; the emoji is percent-encoded in the path. Removing one that is not ' +
      'there changes nothing.',
  })
  @ZodResponse({ status: 200, type: MessageDto, description: 'The message with its reactions' })
  @ApiProblems('not-found')
  remove(@CurrentPrincipal() principal: Principal, @Param() params: ReactionParamsDto) {
    return this.messaging.removeReaction(principal.userId, params.id, params.emoji);
  }
}
