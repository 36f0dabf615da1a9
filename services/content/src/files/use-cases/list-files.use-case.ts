import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse, tagNameField } from '@tracera/contracts';
import { ItemTagsRepository } from '../../tags/item-tags.repository';
import { decodeFileCursor, encodeFileCursor } from '../file-page-cursor';
import { FileRepository, type FileSortField } from '../file.repository';
import { toFileView } from '../file-views';

/** The user's files, filtered by tag or collection, in pages ordered by the requested field. */
@Injectable()
export class ListFilesUseCase {
  constructor(
    private readonly files: FileRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.listFiles>,
  ): Promise<RpcResponse<typeof contentRpc.listFiles>> {
    const descending = request.sort.startsWith('-');
    const sort = request.sort.replace(/^-/, '') as FileSortField;
    let tag: string | undefined;
    if (request.tag !== undefined) {
      const normalized = tagNameField.safeParse(request.tag);
      // No tag can have an invalid name, so nothing carries it.
      if (!normalized.success) return { items: [], nextCursor: null };
      tag = normalized.data;
    }
    const rows = await this.files.listPage({
      userId: request.userId,
      tag,
      collectionId: request.collectionId,
      sort,
      descending,
      limit: request.limit,
      after: decodeFileCursor(request.cursor, sort),
    });
    const page = rows.slice(0, request.limit);
    const tags = await this.itemTags.tagsOf(
      undefined,
      request.userId,
      'file',
      page.map((file) => file.id),
    );
    const last = page.at(-1);
    return {
      items: page.map((file) => toFileView(file, tags.get(file.id) ?? [])),
      nextCursor: rows.length > request.limit && last ? encodeFileCursor(last, sort) : null,
    };
  }
}
