import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { RateLimited } from '../rate-limit/rate-limited.decorator';
import { MessageSearchPageDto, MessageSearchQueryDto } from './messaging.dtos';
import { MessagingService } from './messaging.service';

@ApiTags('messages')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('messages/search')
export class MessageSearchController {
  constructor(private readonly messaging: MessagingService) {}

  @Get()
  @RateLimited('search')
  @ApiOperation({
    description:
      'Full-text search over the messages of the caller’s conversations (optionally one of them), newest ' +
      'first. Snippets mark matches with `<mark>`; everything else in them is escaped.',
  })
  @ZodResponse({ status: 200, type: MessageSearchPageDto, description: 'Matching messages, newest first' })
  @ApiProblems('not-found')
  search(@CurrentPrincipal() principal: Principal, @Query() query: MessageSearchQueryDto) {
    return this.messaging.searchMessages(principal.userId, query);
  }
}
