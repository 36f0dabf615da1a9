import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { UserDirectoryPageDto, UserPageQueryDto } from './account.dtos';
import { AccountsService } from './accounts.service';

@ApiTags('users')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'forbidden', 'rate-limited', 'service-unavailable')
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ZodResponse({
    status: 200,
    type: UserDirectoryPageDto,
    description: 'People matching the query, for chat',
  })
  directory(@CurrentPrincipal() principal: Principal, @Query() query: UserPageQueryDto) {
    return this.accounts.directory(principal.userId, query);
  }
}
