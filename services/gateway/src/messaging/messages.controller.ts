import { Body, Controller, Delete, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { EditMessageDto, IdParamsDto, MessageDto } from './messaging.dtos';
import { MessagingService } from './messaging.service';

@ApiTags('messages')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messaging: MessagingService) {}

  @Patch(':id')
  @ApiOperation({ description: 'The sender only. A deleted message cannot be edited (409).' })
  @ZodResponse({ status: 200, type: MessageDto, description: 'The edited message' })
  @ApiProblems('forbidden', 'not-found', 'conflict')
  edit(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto, @Body() body: EditMessageDto) {
    return this.messaging.editMessage(principal.userId, params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    description:
      'The sender, or the conversation’s owner or admins. The message keeps its id and seq; its body, ' +
      'attachments and reactions are emptied. Deleting twice changes nothing.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('forbidden', 'not-found')
  remove(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto): Promise<void> {
    return this.messaging.deleteMessage(principal.userId, params.id);
  }
}
