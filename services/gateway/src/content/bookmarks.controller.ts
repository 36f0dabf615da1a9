import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  BookmarkDto,
  BookmarkListQueryDto,
  BookmarkPageDto,
  CreateBookmarkDto,
  IdParamsDto,
  UpdateBookmarkDto,
} from './content.dtos';
import { ItemsService } from './items.service';
import {
  AcceptsIdempotencyKey,
  AcceptsIfMatch,
  expectedVersionOf,
  IdempotencyKey,
  IfMatchVersion,
  sendVersionTag,
} from './item-version.headers';

@ApiTags('bookmarks')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('bookmarks')
export class BookmarksController {
  constructor(private readonly items: ItemsService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ZodResponse({ status: 201, type: BookmarkDto, description: 'Saved; `ETag` carries its version' })
  @ApiProblems('conflict', 'unprocessable-content')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateBookmarkDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.items.createBookmark(principal.userId, body, idempotencyKey);
    sendVersionTag(reply, answer.bookmark.version);
    return answer;
  }

  @Get()
  @ZodResponse({ status: 200, type: BookmarkPageDto, description: 'One page of the user’s bookmarks' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: BookmarkListQueryDto) {
    return this.items.listBookmarks(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: BookmarkDto, description: 'The bookmark; `ETag` carries its version' })
  @ApiProblems('not-found')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.items.getBookmark(principal.userId, params.id);
    sendVersionTag(reply, answer.bookmark.version);
    return answer;
  }

  @Patch(':id')
  @AcceptsIfMatch()
  @ZodResponse({ status: 200, type: BookmarkDto, description: 'The changed bookmark' })
  @ApiProblems('not-found', 'conflict', 'precondition-failed', 'unprocessable-content')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: UpdateBookmarkDto,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const expectedVersion = expectedVersionOf(ifMatch, body.version);
    const answer = await this.items.updateBookmark(
      principal.userId,
      { id: params.id, expectedVersion },
      body,
    );
    sendVersionTag(reply, answer.bookmark.version);
    return answer;
  }

  @Delete(':id')
  @HttpCode(204)
  @AcceptsIfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems('not-found', 'precondition-failed')
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @IfMatchVersion() ifMatch: number | undefined,
  ): Promise<void> {
    return this.items.deleteBookmark(principal.userId, { id: params.id, expectedVersion: ifMatch });
  }
}
