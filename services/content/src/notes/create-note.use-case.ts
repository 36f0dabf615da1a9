import { Injectable } from '@nestjs/common';
import { contentEvent, contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { CollectionRepository } from '../collections/collection.repository';
import { IdempotentCreate } from '../idempotency/idempotent-create';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { announceCreatedTags } from '../tags/tag-events';
import { NoteRepository } from './note.repository';
import { toNoteView } from './note-views';

type Request = RpcRequest<typeof contentRpc.createNote>;
type Response = RpcResponse<typeof contentRpc.createNote>;

@Injectable()
export class CreateNoteUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly idempotency: IdempotentCreate,
    private readonly notes: NoteRepository,
    private readonly collections: CollectionRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  execute(request: Request): Promise<Response> {
    return this.outbox.transaction((manager, emit) =>
      this.idempotency.run(manager, request, contentRpc.createNote.type, async (): Promise<Response> => {
        const { userId } = request;
        await this.collections.assertOwned(manager, userId, request.collectionId);
        const row = await this.notes.insert(manager, {
          id: uuidv7(),
          userId,
          title: request.title,
          body: request.body,
          pinned: request.pinned ?? false,
          collectionId: request.collectionId ?? null,
        });
        const tags = await this.itemTags.applyTags(manager, userId, 'note', row.id, request.tags ?? []);
        announceCreatedTags(emit, userId, tags.created);
        const note = toNoteView(row, tags.names);
        emit(contentEvent.noteCreated, { userId, note }, { actor: userId });
        return { note };
      }),
    );
  }
}
