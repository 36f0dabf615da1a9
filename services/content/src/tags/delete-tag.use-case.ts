import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { TagRepository } from './tag.repository';

/** Deletes a tag and takes it off every item: one `tag.deleted` event, item versions untouched. */
@Injectable()
export class DeleteTagUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly tags: TagRepository,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.deleteTag>,
  ): Promise<RpcResponse<typeof contentRpc.deleteTag>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const [tag] = await this.tags.lockForUpdate(manager, userId, [id]);
      if (tag === undefined) throw notFound('tag');
      await this.tags.delete(manager, userId, id);
      emit(contentEvent.tagDeleted, { userId, tagId: id, name: tag.name }, { actor: userId });
      return {};
    });
  }
}
