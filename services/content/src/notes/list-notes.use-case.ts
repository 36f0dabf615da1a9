import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeListCursor, keysetPage } from '../paging/list-cursor';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { storedTagName } from '../tags/tag-name';
import { NoteRepository } from './note.repository';
import { toNoteView } from './note-views';

/** The user's notes, filtered and sorted, one keyset page at a time. */
@Injectable()
export class ListNotesUseCase {
  constructor(
    private readonly notes: NoteRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.listNotes>,
  ): Promise<RpcResponse<typeof contentRpc.listNotes>> {
    const after = decodeListCursor(request.cursor, request.sort);
    const tag = request.tag === undefined ? undefined : storedTagName(request.tag);
    if (tag === null) return { items: [], nextCursor: null };
    const rows = await this.notes.listPage({ ...request, tag, after });
    const tags = await this.itemTags.tagsOf(
      undefined,
      request.userId,
      'note',
      rows.map((keyed) => keyed.row.id),
    );
    return keysetPage(rows, request.limit, request.sort, (row) => toNoteView(row, tags.get(row.id) ?? []));
  }
}
