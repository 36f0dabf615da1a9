import { Injectable } from '@nestjs/common';
import { contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { IdempotentCreate } from '../../idempotency/idempotent-create';
import { TransferJobRepository } from '../transfer-job.repository';
import { TransferJobRunner } from '../transfer-job.runner';
import { toJobView } from '../transfer-job-views';

/** Queues an export; a runner writes it in the background and the client polls the job. */
@Injectable()
export class CreateExportUseCase {
  constructor(
    private readonly jobs: TransferJobRepository,
    private readonly idempotent: IdempotentCreate,
    private readonly outbox: Outbox,
    private readonly runner: TransferJobRunner,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.createExport>,
  ): Promise<RpcResponse<typeof contentRpc.createExport>> {
    const result = await this.outbox.transaction((manager) =>
      this.idempotent.run(manager, request, contentRpc.createExport.type, async () => {
        const job = await this.jobs.insertExport(manager, {
          id: uuidv7(),
          userId: request.userId,
          format: request.format,
        });
        return { job: toJobView(job) };
      }),
    );
    this.runner.kick();
    return result;
  }
}
