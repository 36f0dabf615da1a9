import { ExportJobProcessor } from './export-job.processor';
import { ImportJobProcessor } from './import-job.processor';
import { CreateTransferJobs1795710000001 } from './migrations/1795710000001-create-transfer-jobs';
import { TransferJobEntity } from './transfer-job.entity';
import { TransferJobRepository } from './transfer-job.repository';
import { TransferJobRunner } from './transfer-job.runner';
import { TransferRpcController } from './transfer.rpc-controller';
import { CreateExportUseCase } from './use-cases/create-export.use-case';
import { GetExportUseCase } from './use-cases/get-export.use-case';
import { GetImportUseCase } from './use-cases/get-import.use-case';

/**
 * Import/export job pieces that ContentModule and content.database.ts spread in (the content core owns
 * those). Needs the core's BookmarkImporter and AccountReader providers (transfer-ports.ts) and filesParts.
 */
export const transfersParts = {
  controllers: [TransferRpcController],
  providers: [
    TransferJobRepository,
    ImportJobProcessor,
    ExportJobProcessor,
    TransferJobRunner,
    GetImportUseCase,
    CreateExportUseCase,
    GetExportUseCase,
  ],
  entities: [TransferJobEntity],
  migrations: [CreateTransferJobs1795710000001],
};
