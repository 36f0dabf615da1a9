import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { TransferJobRepository } from '../transfer-job.repository';
import { toJobView } from '../transfer-job-views';

@Injectable()
export class GetExportUseCase {
  constructor(private readonly jobs: TransferJobRepository) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getExport>,
  ): Promise<RpcResponse<typeof contentRpc.getExport>> {
    const job = await this.jobs.findOwned(request.userId, 'export', request.id);
    if (job === null) throw notFound('export');
    return { job: toJobView(job) };
  }
}
