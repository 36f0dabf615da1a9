import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated } from '../../auth/auth.decorators';
import { ApiProblems } from '../../http/api-problems.decorator';
import { PresenceListDto, PresenceQueryDto } from './presence.dtos';
import { PresenceService } from './presence.service';

@ApiTags('presence')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Get()
  @ApiOperation({
    description:
      'Online, away or offline for up to 100 users (`userIds=a,b`), from the live socket heartbeats; ' +
      'changes are pushed over the socket as `presence` events.',
  })
  @ZodResponse({ status: 200, type: PresenceListDto, description: 'One status per distinct user id' })
  list(@Query() query: PresenceQueryDto) {
    return this.presence.list(query.userIds);
  }
}
