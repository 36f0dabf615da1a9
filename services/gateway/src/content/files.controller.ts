import { type IncomingMessage } from 'node:http';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { RateLimited } from '../rate-limit/rate-limited.decorator';
import { ApiDownload, ApiUpload } from '../transfers/transfer-docs.decorators';
import { TransfersService } from '../transfers/transfers.service';
import { FileDto, FileListQueryDto, FilePageDto, IdParamsDto, UpdateFileDto } from './content.dtos';
import { ItemsService } from './items.service';
import {
  AcceptsIdempotencyKey,
  AcceptsIfMatch,
  expectedVersionOf,
  IdempotencyKey,
  IfMatchVersion,
  sendVersionTag,
} from './item-version.headers';

@ApiTags('files')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('files')
export class FilesController {
  constructor(
    private readonly items: ItemsService,
    private readonly transfers: TransfersService,
  ) {}

  @Post()
  @RateLimited('upload')
  @AcceptsIdempotencyKey()
  @ApiUpload({
    description: 'The file’s bytes; its name becomes the file’s name',
    fields: [{ name: 'description', required: false, description: 'What the file is' }],
  })
  @ZodResponse({ status: 201, type: FileDto, description: 'Stored; `ETag` carries its version' })
  @ApiProblems('payload-too-large', 'unsupported-media-type', 'unprocessable-content')
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.transfers.uploadFile(principal.userId, request, idempotencyKey);
    sendVersionTag(reply, answer.file.version);
    return answer;
  }

  @Get()
  @ZodResponse({ status: 200, type: FilePageDto, description: 'One page of the user’s files' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: FileListQueryDto) {
    return this.items.listFiles(principal.userId, query);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: FileDto, description: 'The file’s metadata; `ETag` carries its version' })
  @ApiProblems('not-found')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const answer = await this.items.getFile(principal.userId, params.id);
    sendVersionTag(reply, answer.file.version);
    return answer;
  }

  @Get(':id/content')
  @ApiDownload('The file’s bytes as an attachment; `ETag` is its SHA-256')
  @ApiProblems('not-found')
  async content(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IncomingMessage> {
    const download = await this.transfers.downloadFile(principal.userId, params.id);
    void reply.headers(download.headers);
    return download.bytes;
  }

  @Patch(':id')
  @AcceptsIfMatch()
  @ZodResponse({ status: 200, type: FileDto, description: 'The changed metadata' })
  @ApiProblems('not-found', 'precondition-failed', 'unprocessable-content')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: UpdateFileDto,
    @IfMatchVersion() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const expectedVersion = expectedVersionOf(ifMatch, body.version);
    const answer = await this.items.updateFile(principal.userId, { id: params.id, expectedVersion }, body);
    sendVersionTag(reply, answer.file.version);
    return answer;
  }

  @Delete(':id')
  @HttpCode(204)
  @AcceptsIfMatch()
  @ApiNoContentResponse({ description: 'Deleted with its bytes' })
  @ApiProblems('not-found', 'precondition-failed')
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @IfMatchVersion() ifMatch: number | undefined,
  ): Promise<void> {
    return this.items.deleteFile(principal.userId, { id: params.id, expectedVersion: ifMatch });
  }
}
