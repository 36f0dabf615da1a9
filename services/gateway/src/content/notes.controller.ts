import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import {
  NoteDto,
  NoteListQueryDto,
  NotePageDto,
  CreateNoteDto,
  IdParamsDto,
  UpdateNoteDto,
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

@ApiTags('notes')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('notes')
export class NotesController {
  constructor(private readonly items: ItemsService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ZodResponse({ status: 201, type: NoteDto, description: 'Saved; `ETag` carries its version' })
  @ApiProblems('unprocessable-content')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateNoteDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.items.createNote(principal.userId, body, idempotencyKey);
    sendVersionTag(reply, answer.note.version);
    return answer;
  }

  @Get()
  @ZodResponse({ status: 200, type: NotePageDto, description: 'One page of the user’s notes' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: NoteListQueryDto) {
    return this.items.listNotes(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: NoteDto, description: 'The note; `ETag` carries its version' })
  @ApiProblems('not-found')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.items.getNote(principal.userId, params.id);
    sendVersionTag(reply, answer.note.version);
    return answer;
  }

  @Patch(':id')
  @AcceptsIfMatch()
  @ZodResponse({ status: 200, type: NoteDto, description: 'The changed note' })
  @ApiProblems('not-found', 'precondition-failed', 'unprocessable-content')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: UpdateNoteDto,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const expectedVersion = expectedVersionOf(ifMatch, body.version);
    const answer = await this.items.updateNote(principal.userId, { id: params.id, expectedVersion }, body);
    sendVersionTag(reply, answer.note.version);
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
    return this.items.deleteNote(principal.userId, { id: params.id, expectedVersion: ifMatch });
  }
}
