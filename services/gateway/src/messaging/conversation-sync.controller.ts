import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  ConversationEventsDto,
  EventsQueryDto,
  IdParamsDto,
  MarkReadDto,
  ReadMarkerDto,
} from './messaging.dtos';
import { MessagingService } from './messaging.service';

/** The caller's read marker and the room's event log, which a client replays after a gap or a reconnect. */
@ApiTags('conversations')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('conversations/:id')
export class ConversationSyncController {
  constructor(private readonly messaging: MessagingService) {}

  @Post('read')
  @HttpCode(200)
  @ApiOperation({
    description:
      'Moves the caller’s read marker to `seq`. Markers only move forward (an older seq changes nothing); ' +
      'a seq beyond the log is clamped to its end.',
  })
  @ZodResponse({
    status: 200,
    type: ReadMarkerDto,
    description: 'The marker after the change and what is left unread',
  })
  @ApiProblems('not-found')
  markRead(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: MarkReadDto,
  ) {
    return this.messaging.markRead(principal.userId, params.id, body);
  }

  @Get('events')
  @ApiOperation({
    description:
      'Resync: the room events after `afterSeq` (default 0), in order, at most `limit` (1–1000, default ' +
      '500); `hasMore` when the log goes on. The same objects the socket pushes. A member sees the events ' +
      'since they joined.',
  })
  @ZodResponse({ status: 200, type: ConversationEventsDto, description: 'The events after `afterSeq`' })
  @ApiProblems('not-found')
  events(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Query() query: EventsQueryDto,
  ) {
    return this.messaging.conversationEvents(principal.userId, params.id, query);
  }
}
