import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../../content-errors';
import { changedFields, ItemChanges } from '../../items/item-changes';
import { type FileChanges, FileRepository } from '../file.repository';
import { toFileView } from '../file-views';

const PLAIN_FIELDS = ['name', 'description'] as const;

/** Renames, describes, tags or moves a file; the bytes never change. `file.updated` names what changed. */
@Injectable()
export class UpdateFileUseCase {
  constructor(
    private readonly files: FileRepository,
    private readonly itemChanges: ItemChanges,
    private readonly outbox: Outbox,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.updateFile>,
  ): Promise<RpcResponse<typeof contentRpc.updateFile>> {
    const { userId } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const file = await this.files.findOwnedForUpdate(manager, userId, request.id);
      if (file === null) throw notFound('file');
      assertVersion(request.expectedVersion, file.version);
      const changes: FileChanges = {
        ...changedFields(file, request, PLAIN_FIELDS),
        ...(await this.itemChanges.collectionMove(manager, userId, file.collectionId, request.collectionId)),
      };
      const retagged = await this.itemChanges.retag(manager, emit, userId, 'file', file.id, request.tags);
      const tags = retagged.tags;
      const changed: string[] = [...Object.keys(changes), ...(retagged.changed ? ['tags'] : [])];
      if (changed.length === 0) return { file: toFileView(file, tags) };
      const updated = toFileView(await this.files.update(manager, file, changes), tags);
      emit(contentEvent.fileUpdated, { userId, file: updated, changed }, { actor: userId });
      return { file: updated };
    });
  }
}
