import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { importFormatField, type Principal } from '@tracera/contracts';
import { type FastifyRequest } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { IdParamsDto } from '../content/content.dtos';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../content/item-version.headers';
import { ApiProblems } from '../http/api-problems.decorator';
import { RateLimited } from '../rate-limit/rate-limited.decorator';
import { ApiUpload } from './transfer-docs.decorators';
import { JobDto } from './transfers.dtos';
import { TransfersService } from './transfers.service';

@ApiTags('imports')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('imports')
export class ImportsController {
  constructor(private readonly transfers: TransfersService) {}

  @Post()
  @RateLimited('upload')
  @AcceptsIdempotencyKey()
  @ApiUpload({
    description: 'The bookmarks file: a browser’s Netscape HTML export or Pocket’s CSV',
    fields: [
      { name: 'format', required: true, description: 'The file’s format', enum: importFormatField.options },
    ],
  })
  @ZodResponse({ status: 202, type: JobDto, description: 'Accepted; poll GET /imports/:id for its progress' })
  @ApiProblems('payload-too-large', 'unsupported-media-type', 'unprocessable-content')
  start(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ) {
    return this.transfers.startImport(principal.userId, request, idempotencyKey);
  }

  @Get(':id')
  @ZodResponse({
    status: 200,
    type: JobDto,
    description: 'The import’s status, progress and report (imported, skipped lines with reasons)',
  })
  @ApiProblems('not-found')
  get(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto) {
    return this.transfers.getImport(principal.userId, params.id);
  }
}
