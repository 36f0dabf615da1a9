import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Param, Put, Req, Res, UseFilters } from '@nestjs/common';
import { type contentRpc } from '@tracera/contracts';
import { RpcError } from '@tracera/streams';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { InternalHttpErrorFilter } from './internal-http-error.filter';
import { OpenDownloadUseCase } from './use-cases/open-download.use-case';
import { ReceiveUploadUseCase } from './use-cases/receive-upload.use-case';

/**
 * The byte paths the gateway uses with tickets from `content.upload.begin` / `content.download.begin`
 * (bytes never travel over Redis). Reachable only inside the deployment, like every internal service port.
 */
@UseFilters(InternalHttpErrorFilter)
@Controller('internal')
export class InternalTransferHttpController {
  constructor(
    private readonly receiveUpload: ReceiveUploadUseCase,
    private readonly openDownload: OpenDownloadUseCase,
  ) {}

  @Put('uploads/:ticket')
  @HttpCode(201)
  upload(
    @Param('ticket') ticket: string,
    @Req() request: FastifyRequest,
  ): Promise<z.infer<typeof contentRpc.uploadResult>> {
    return this.receiveUpload.execute(ticket, bodyStreamOf(request), declaredLengthOf(request));
  }

  @Get('downloads/:ticket')
  async download(@Param('ticket') ticket: string, @Res() reply: FastifyReply): Promise<void> {
    const download = await this.openDownload.execute(ticket);
    await reply
      .header('content-type', download.contentType)
      .header('content-length', String(download.size))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(download.name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(download.bytes);
  }
}

/** The unread body (see configureContentHttp); a body some other parser already consumed is refused. */
function bodyStreamOf(request: FastifyRequest): Readable {
  if (request.body === undefined || request.body === null) return request.raw;
  if (request.body instanceof Readable) return request.body;
  throw new RpcError('UNSUPPORTED_MEDIA_TYPE', 'send the file bytes as application/octet-stream');
}

function declaredLengthOf(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}
