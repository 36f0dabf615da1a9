import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ItemTagsRepository } from '../../tags/item-tags.repository';
import { FileRepository } from '../file.repository';
import { toFileView } from '../file-views';

@Injectable()
export class GetFileUseCase {
  constructor(
    private readonly files: FileRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getFile>,
  ): Promise<RpcResponse<typeof contentRpc.getFile>> {
    const file = await this.files.findOwned(request.userId, request.id);
    if (file === null) throw notFound('file');
    const tags = await this.itemTags.tagsOf(undefined, request.userId, 'file', [file.id]);
    return { file: toFileView(file, tags.get(file.id) ?? []) };
  }
}
