import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  CreateTagDto,
  IdParamsDto,
  MergeTagDto,
  OrganizerListQueryDto,
  RenameTagDto,
  TagDto,
  TagPageDto,
} from './content.dtos';
import { AcceptsIdempotencyKey, IdempotencyKey } from './item-version.headers';
import { OrganizersService } from './organizers.service';

@ApiTags('tags')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('tags')
export class TagsController {
  constructor(private readonly organizers: OrganizersService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ZodResponse({ status: 201, type: TagDto, description: 'Created' })
  @ApiProblems('conflict', 'unprocessable-content')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTagDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ) {
    return this.organizers.createTag(principal.userId, body, idempotencyKey);
  }

  @Get()
  @ZodResponse({
    status: 200,
    type: TagPageDto,
    description: 'The user’s tags with how many items carry each',
  })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrganizerListQueryDto) {
    return this.organizers.listTags(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: TagDto, description: 'The tag' })
  @ApiProblems('not-found')
  get(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto) {
    return this.organizers.getTag(principal.userId, params.id);
  }

  @Patch(':id')
  @ZodResponse({
    status: 200,
    type: TagDto,
    description: 'Renamed on every item; another tag’s name is a conflict',
  })
  @ApiProblems('not-found', 'conflict')
  rename(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto, @Body() body: RenameTagDto) {
    return this.organizers.renameTag(principal.userId, params.id, body);
  }

  @Post(':id/merge')
  @ZodResponse({
    status: 200,
    type: TagDto,
    description: 'Every item of this tag now carries `into` instead; this tag is gone. Answers `into`',
  })
  @ApiProblems('not-found', 'unprocessable-content')
  merge(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto, @Body() body: MergeTagDto) {
    return this.organizers.mergeTag(principal.userId, params.id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted and removed from every item' })
  @ApiProblems('not-found')
  remove(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto): Promise<void> {
    return this.organizers.deleteTag(principal.userId, params.id);
  }
}
