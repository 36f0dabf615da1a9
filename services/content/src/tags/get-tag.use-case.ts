import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { TagRepository } from './tag.repository';
import { toTagView } from './tag-views';

@Injectable()
export class GetTagUseCase {
  constructor(private readonly tags: TagRepository) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getTag>,
  ): Promise<RpcResponse<typeof contentRpc.getTag>> {
    const tag = await this.tags.findCounted(undefined, request.userId, request.id);
    if (tag === null) throw notFound('tag');
    return { tag: toTagView(tag) };
  }
}
