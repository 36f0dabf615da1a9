import { type IncomingMessage } from 'node:http';
import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.decorators';
import { IdParamsDto } from '../content/content.dtos';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../content/item-version.headers';
import { ApiProblems } from '../http/api-problems.decorator';
import { ApiDownload } from './transfer-docs.decorators';
import { CreateExportDto, JobDto } from './transfers.dtos';
import { TransfersService } from './transfers.service';

@ApiTags('exports')
@Authenticated()
@ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
@Controller('exports')
export class ExportsController {
  constructor(private readonly transfers: TransfersService) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ZodResponse({ status: 202, type: JobDto, description: 'Accepted; poll GET /exports/:id until done' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateExportDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ) {
    return this.transfers.createExport(principal.userId, body, idempotencyKey);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: JobDto, description: 'The export’s status; `download` once done' })
  @ApiProblems('not-found')
  get(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto) {
    return this.transfers.getExport(principal.userId, params.id);
  }

  @Get(':id/download')
  @ApiDownload('The finished export as an attachment')
  @ApiProblems('not-found', 'conflict')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IncomingMessage> {
    const download = await this.transfers.downloadExport(principal.userId, params.id);
    void reply.headers(download.headers);
    return download.bytes;
  }
}
