import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  CollectionDto,
  CollectionPageDto,
  CreateCollectionDto,
  IdParamsDto,
  OrganizerListQueryDto,
  UpdateCollectionDto,
} from './content.dtos';
import {
  AcceptsIdempotencyKey,
  AcceptsIfMatch,
  expectedVersionOf,
  IdempotencyKey,
  IfMatchVersion,
  sendVersionTag,
} from './item-version.headers';
import { OrganizersService } from './organizers.service';

@ApiTags('collections')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('collections')
export class CollectionsController {
  constructor(private readonly organizers: OrganizersService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ZodResponse({ status: 201, type: CollectionDto, description: 'Created; `ETag` carries its version' })
  @ApiProblems('unprocessable-content')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCollectionDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.organizers.createCollection(principal.userId, body, idempotencyKey);
    sendVersionTag(reply, answer.collection.version);
    return answer;
  }

  @Get()
  @ZodResponse({
    status: 200,
    type: CollectionPageDto,
    description: 'Every collection of the user, flat; `parentId` builds the tree',
  })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrganizerListQueryDto) {
    return this.organizers.listCollections(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({
    status: 200,
    type: CollectionDto,
    description: 'The collection; `ETag` carries its version',
  })
  @ApiProblems('not-found')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.organizers.getCollection(principal.userId, params.id);
    sendVersionTag(reply, answer.collection.version);
    return answer;
  }

  @Patch(':id')
  @AcceptsIfMatch()
  @ZodResponse({ status: 200, type: CollectionDto, description: 'Renamed or moved' })
  @ApiProblems('not-found', 'precondition-failed', 'unprocessable-content')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: UpdateCollectionDto,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const expectedVersion = expectedVersionOf(ifMatch, body.version);
    const answer = await this.organizers.updateCollection(
      principal.userId,
      { id: params.id, expectedVersion },
      body,
    );
    sendVersionTag(reply, answer.collection.version);
    return answer;
  }

  @Delete(':id')
  @HttpCode(204)
  @AcceptsIfMatch()
  @ApiNoContentResponse({ description: 'Deleted; its items and child collections move to its parent' })
  @ApiProblems('not-found', 'precondition-failed')
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @IfMatchVersion() ifMatch: number | undefined,
  ): Promise<void> {
    return this.organizers.deleteCollection(principal.userId, { id: params.id, expectedVersion: ifMatch });
  }
}
