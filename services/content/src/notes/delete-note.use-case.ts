import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { NoteRepository } from './note.repository';

@Injectable()
export class DeleteNoteUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly notes: NoteRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.deleteNote>,
  ): Promise<RpcResponse<typeof contentRpc.deleteNote>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.notes.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('note');
      assertVersion(request.expectedVersion, row.version);
      await this.itemTags.clearItems(manager, userId, 'note', [id]);
      await this.notes.delete(manager, userId, id);
      emit(contentEvent.noteDeleted, { userId, id, version: row.version }, { actor: userId });
      return {};
    });
  }
}
