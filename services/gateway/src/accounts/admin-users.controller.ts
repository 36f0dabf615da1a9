import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  AdminCreateUserDto,
  AdminUpdateUserDto,
  AdminUserDto,
  AdminUserPageDto,
  IdParamsDto,
  UserPageQueryDto,
} from './account.dtos';
import { AccountsService } from './accounts.service';

@ApiTags('admin')
@Authenticated()
@Roles('admin')
@ApiProblems('validation-failed', 'unauthorized', 'forbidden', 'rate-limited', 'service-unavailable')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ZodResponse({ status: 200, type: AdminUserPageDto, description: 'Every user, with role and state' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: UserPageQueryDto) {
    return this.accounts.listUsers(principal.userId, query);
  }

  @Post()
  @ZodResponse({ status: 201, type: AdminUserDto, description: 'The created user' })
  @ApiProblems('conflict', 'unprocessable-content')
  create(@CurrentPrincipal() principal: Principal, @Body() body: AdminCreateUserDto) {
    return this.accounts.createUser(principal.userId, body);
  }

  @Patch(':id')
  @ZodResponse({
    status: 200,
    type: AdminUserDto,
    description: 'The updated user; disabling revokes sessions and tokens',
  })
  @ApiProblems('not-found', 'unprocessable-content')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: AdminUpdateUserDto,
  ) {
    return this.accounts.updateUser(principal.userId, params.id, body);
  }
}
