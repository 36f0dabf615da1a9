import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { AddMembersDto, IdParamsDto, MemberParamsDto, MembersAddedDto } from './messaging.dtos';
import { MessagingService } from './messaging.service';

@ApiTags('conversations')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('conversations/:id/members')
export class ConversationMembersController {
  constructor(private readonly messaging: MessagingService) {}

  @Post()
  @ApiOperation({
    description:
      'Groups only, by owners and admins; only the owner adds admins. People already in the group are left ' +
      'as they are. Unknown or disabled users are refused with 422 naming `userIds`.',
  })
  @ZodResponse({
    status: 201,
    type: MembersAddedDto,
    description: 'The conversation after the change and the members it gained',
  })
  @ApiProblems('forbidden', 'not-found', 'unprocessable-content')
  add(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto, @Body() body: AddMembersDto) {
    return this.messaging.addMembers(principal.userId, params.id, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({
    description:
      'Removing yourself is leaving. Removing others needs owner or admin; admins cannot remove the owner. ' +
      'The removed member loses access to the conversation at once.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems('forbidden', 'not-found', 'unprocessable-content')
  remove(@CurrentPrincipal() principal: Principal, @Param() params: MemberParamsDto): Promise<void> {
    return this.messaging.removeMember(principal.userId, params.id, params.userId);
  }
}
