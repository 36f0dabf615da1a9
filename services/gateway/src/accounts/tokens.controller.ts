import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, SessionOnly } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { CreatedTokenDto, CreateTokenDto, IdParamsDto, TokenListDto } from './account.dtos';
import { AccountsService } from './accounts.service';

@ApiTags('auth')
@Authenticated()
@SessionOnly()
@ApiProblems('unauthorized', 'forbidden', 'rate-limited', 'service-unavailable')
@Controller('auth/tokens')
export class TokensController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ZodResponse({ status: 201, type: CreatedTokenDto, description: 'Created; the secret is shown only now' })
  @ApiProblems('validation-failed', 'unprocessable-content')
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTokenDto) {
    return this.accounts.createToken(principal.userId, body);
  }

  @Get()
  @ZodResponse({
    status: 200,
    type: TokenListDto,
    description: 'The user’s personal API tokens, with their last use',
  })
  list(@CurrentPrincipal() principal: Principal) {
    return this.accounts.listTokens(principal.userId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems('validation-failed', 'not-found')
  revoke(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto): Promise<void> {
    return this.accounts.revokeToken(principal.userId, params.id);
  }
}
