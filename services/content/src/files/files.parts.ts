import { BlobStorage } from './blob-storage';
import { FileEntity } from './file.entity';
import { FileRepository } from './file.repository';
import { FileRpcController } from './file.rpc-controller';
import { InternalTransferHttpController } from './internal-transfer.http-controller';
import { CreateFiles1795710000000 } from './migrations/1795710000000-create-files';
import { TransferTickets } from './transfer-tickets';
import { BeginDownloadUseCase } from './use-cases/begin-download.use-case';
import { BeginUploadUseCase } from './use-cases/begin-upload.use-case';
import { DeleteFileUseCase } from './use-cases/delete-file.use-case';
import { GetFileUseCase } from './use-cases/get-file.use-case';
import { ListFilesUseCase } from './use-cases/list-files.use-case';
import { OpenDownloadUseCase } from './use-cases/open-download.use-case';
import { ReceiveUploadUseCase } from './use-cases/receive-upload.use-case';
import { UpdateFileUseCase } from './use-cases/update-file.use-case';

/**
 * Files feature pieces that ContentModule and content.database.ts spread in (the content core owns those).
 * Needs ItemTagsRepository, CollectionRepository and IdempotentCreate from the core, and transfersParts.
 */
export const filesParts = {
  controllers: [FileRpcController, InternalTransferHttpController],
  providers: [
    BlobStorage,
    TransferTickets,
    FileRepository,
    GetFileUseCase,
    ListFilesUseCase,
    UpdateFileUseCase,
    DeleteFileUseCase,
    BeginUploadUseCase,
    BeginDownloadUseCase,
    ReceiveUploadUseCase,
    OpenDownloadUseCase,
  ],
  entities: [FileEntity],
  migrations: [CreateFiles1795710000000],
};
