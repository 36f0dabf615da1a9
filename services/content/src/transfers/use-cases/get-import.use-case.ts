import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { TransferJobRepository } from '../transfer-job.repository';
import { toJobView } from '../transfer-job-views';

@Injectable()
export class GetImportUseCase {
  constructor(private readonly jobs: TransferJobRepository) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getImport>,
  ): Promise<RpcResponse<typeof contentRpc.getImport>> {
    const job = await this.jobs.findOwned(request.userId, 'import', request.id);
    if (job === null) throw notFound('import');
    return { job: toJobView(job) };
  }
}
