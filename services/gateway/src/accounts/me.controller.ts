import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, SessionOnly } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { ChangePasswordDto, UpdateMeDto, UserDto } from './account.dtos';
import { AccountsService } from './accounts.service';

@ApiTags('auth')
@Authenticated()
@ApiProblems('unauthorized', 'rate-limited', 'service-unavailable')
@Controller('auth')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('me')
  @ZodResponse({ status: 200, type: UserDto, description: 'The signed-in user' })
  me(@CurrentPrincipal() principal: Principal) {
    return this.accounts.me(principal.userId);
  }

  @Patch('me')
  @ZodResponse({ status: 200, type: UserDto, description: 'The updated profile' })
  @ApiProblems('validation-failed', 'forbidden')
  updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto) {
    return this.accounts.updateMe(principal.userId, body);
  }

  @Post('password')
  @SessionOnly()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every other session of the user is revoked' })
  @ApiProblems('validation-failed', 'forbidden', 'unprocessable-content')
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.accounts.changePassword(principal, body);
  }
}
