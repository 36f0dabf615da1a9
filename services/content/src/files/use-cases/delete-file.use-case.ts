import { Injectable, Logger } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../../content-errors';
import { ItemTagsRepository } from '../../tags/item-tags.repository';
import { BlobStorage } from '../blob-storage';
import { FileRepository } from '../file.repository';

/** Deletes the row first and the bytes after it committed: a crash in between leaves an orphan blob, never a row without bytes. */
@Injectable()
export class DeleteFileUseCase {
  private readonly logger = new Logger('DeleteFile');

  constructor(
    private readonly files: FileRepository,
    private readonly itemTags: ItemTagsRepository,
    private readonly blobs: BlobStorage,
    private readonly outbox: Outbox,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.deleteFile>,
  ): Promise<RpcResponse<typeof contentRpc.deleteFile>> {
    const { userId } = request;
    const storageKey = await this.outbox.transaction(async (manager, emit) => {
      const file = await this.files.findOwnedForUpdate(manager, userId, request.id);
      if (file === null) throw notFound('file');
      assertVersion(request.expectedVersion, file.version);
      await this.itemTags.clearItems(manager, userId, 'file', [file.id]);
      await this.files.delete(manager, userId, file.id);
      emit(contentEvent.fileDeleted, { userId, id: file.id, version: file.version }, { actor: userId });
      return file.storageKey;
    });
    await this.blobs.remove(storageKey).catch((error: unknown) => {
      this.logger.warn({ err: error }, `could not remove the blob of deleted file ${request.id}`);
    });
    return {};
  }
}
