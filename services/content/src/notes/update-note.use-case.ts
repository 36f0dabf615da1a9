import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { changedFields, ItemChanges } from '../items/item-changes';
import { type NoteChanges, NoteRepository } from './note.repository';
import { toNoteView } from './note-views';

const PLAIN_FIELDS = ['title', 'body', 'pinned'] as const;

/** Changes a note; a change that changes nothing keeps the version and emits nothing. */
@Injectable()
export class UpdateNoteUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly notes: NoteRepository,
    private readonly itemChanges: ItemChanges,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.updateNote>,
  ): Promise<RpcResponse<typeof contentRpc.updateNote>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.notes.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('note');
      assertVersion(request.expectedVersion, row.version);
      const changes: NoteChanges = {};
      Object.assign(changes, changedFields(row, request, PLAIN_FIELDS));
      Object.assign(
        changes,
        await this.itemChanges.collectionMove(manager, userId, row.collectionId, request.collectionId),
      );
      const retagged = await this.itemChanges.retag(manager, emit, userId, 'note', id, request.tags);
      const tags = retagged.tags;
      const changed: string[] = [...Object.keys(changes), ...(retagged.changed ? ['tags'] : [])];
      if (changed.length === 0) return { note: toNoteView(row, tags) };
      const note = toNoteView(await this.notes.update(manager, userId, id, changes), tags);
      emit(contentEvent.noteUpdated, { userId, note, changed }, { actor: userId });
      return { note };
    });
  }
}
