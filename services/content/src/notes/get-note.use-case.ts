import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { NoteRepository } from './note.repository';
import { toNoteView } from './note-views';

@Injectable()
export class GetNoteUseCase {
  constructor(
    private readonly notes: NoteRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getNote>,
  ): Promise<RpcResponse<typeof contentRpc.getNote>> {
    const row = await this.notes.findById(undefined, request.userId, request.id);
    if (row === null) throw notFound('note');
    const tags = await this.itemTags.tagsOf(undefined, request.userId, 'note', [row.id]);
    return { note: toNoteView(row, tags.get(row.id) ?? []) };
  }
}
