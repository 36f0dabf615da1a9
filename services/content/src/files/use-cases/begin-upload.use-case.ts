import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { payloadTooLarge } from '../file-errors';
import { TransferTickets } from '../transfer-tickets';

/** Opens a one-time upload for the gateway; a declared size over the limit is refused before any byte moves. */
@Injectable()
export class BeginUploadUseCase {
  constructor(
    private readonly tickets: TransferTickets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.beginUpload>,
  ): Promise<RpcResponse<typeof contentRpc.beginUpload>> {
    const maxBytes =
      request.purpose === 'file' ? this.config.content.fileMaxBytes : this.config.content.importMaxBytes;
    if (request.declaredSize !== undefined && request.declaredSize > maxBytes)
      throw payloadTooLarge(maxBytes);
    const ticket = await this.tickets.issueUpload(
      request.purpose === 'file'
        ? {
            purpose: 'file',
            userId: request.userId,
            name: request.name,
            description: request.description ?? '',
            maxBytes,
            idempotencyKey: request.idempotencyKey,
          }
        : {
            purpose: 'import',
            userId: request.userId,
            name: request.name,
            format: request.format,
            maxBytes,
            idempotencyKey: request.idempotencyKey,
          },
    );
    return { ticket, maxBytes };
  }
}
