import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, RpcError } from '@tracera/streams';
import { TransferJobRepository } from '../../transfers/transfer-job.repository';
import { FileRepository } from '../file.repository';
import { type DownloadTicket, TransferTickets } from '../transfer-tickets';

type DownloadAnswer = RpcResponse<typeof contentRpc.beginDownload>;

/** Opens a one-time download of one of the user's files or finished exports. */
@Injectable()
export class BeginDownloadUseCase {
  constructor(
    private readonly files: FileRepository,
    private readonly jobs: TransferJobRepository,
    private readonly tickets: TransferTickets,
  ) {}

  async execute(request: RpcRequest<typeof contentRpc.beginDownload>): Promise<DownloadAnswer> {
    return request.kind === 'file'
      ? this.ofFile(request.userId, request.id)
      : this.ofExport(request.userId, request.id);
  }

  private async ofFile(userId: string, id: string): Promise<DownloadAnswer> {
    const file = await this.files.findOwned(userId, id);
    if (file === null) throw notFound('file');
    const terms: DownloadTicket = {
      userId,
      storageKey: file.storageKey,
      name: file.name,
      contentType: file.contentType,
      size: file.size,
    };
    return { ticket: await this.tickets.issueDownload(terms), ...describe(terms), checksum: file.checksum };
  }

  private async ofExport(userId: string, id: string): Promise<DownloadAnswer> {
    const job = await this.jobs.findOwned(userId, 'export', id);
    if (job === null) throw notFound('export');
    if (job.status !== 'done' || job.resultStorageKey === null) {
      throw new RpcError('CONFLICT', `the export is ${job.status}, not done`, { status: job.status });
    }
    const terms: DownloadTicket = {
      userId,
      storageKey: job.resultStorageKey,
      name: job.resultName ?? 'export',
      contentType: job.resultContentType ?? 'application/octet-stream',
      size: job.resultSize ?? 0,
    };
    return { ticket: await this.tickets.issueDownload(terms), ...describe(terms), checksum: null };
  }
}

function describe(terms: DownloadTicket): Pick<DownloadAnswer, 'name' | 'contentType' | 'size'> {
  return { name: terms.name, contentType: terms.contentType, size: terms.size };
}
