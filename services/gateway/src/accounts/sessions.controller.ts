import { Controller, Delete, Get, HttpCode, Param, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, SessionOnly } from '../auth/auth.decorators';
import { SessionCookie } from '../auth/session-cookie';
import { ApiProblems } from '../http/api-problems.decorator';
import { IdParamsDto, SessionListDto } from './account.dtos';
import { AccountsService } from './accounts.service';

@ApiTags('auth')
@Authenticated()
@SessionOnly()
@ApiProblems('unauthorized', 'forbidden', 'rate-limited', 'service-unavailable')
@Controller('auth/sessions')
export class SessionsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get()
  @ZodResponse({
    status: 200,
    type: SessionListDto,
    description: 'The user’s live sessions, the current one marked',
  })
  list(@CurrentPrincipal() principal: Principal) {
    return this.accounts.listSessions(principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems('validation-failed', 'not-found')
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.accounts.revokeSession(principal.userId, params.id);
    if (params.id === principal.sessionId) this.cookie.clear(reply);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Signed out everywhere, this session included; the cookie is cleared',
  })
  async revokeAll(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.accounts.revokeAllSessions(principal.userId);
    this.cookie.clear(reply);
  }
}
