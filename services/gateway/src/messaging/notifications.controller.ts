import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  IdParamsDto,
  NotificationDto,
  NotificationListQueryDto,
  NotificationPageDto,
  NotificationsReadDto,
} from './messaging.dtos';
import { MessagingService } from './messaging.service';

@ApiTags('notifications')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly messaging: MessagingService) {}

  @Get()
  @ApiOperation({
    description:
      'Mentions, direct messages and being added to a group, newest first; `unread=true` for unread ones ' +
      'only. Unread direct messages of one conversation are coalesced into one notification.',
  })
  @ZodResponse({
    status: 200,
    type: NotificationPageDto,
    description: 'One page of notifications and how many are unread in all',
  })
  list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationListQueryDto) {
    return this.messaging.listNotifications(principal.userId, query);
  }

  @Post('read')
  @HttpCode(200)
  @ZodResponse({
    status: 200,
    type: NotificationsReadDto,
    description: 'Every notification is read; `updated` counts those that were not',
  })
  markAllRead(@CurrentPrincipal() principal: Principal) {
    return this.messaging.markAllNotificationsRead(principal.userId);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: NotificationDto, description: 'The notification, read' })
  @ApiProblems('not-found')
  markRead(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto) {
    return this.messaging.markNotificationRead(principal.userId, params.id);
  }
}
