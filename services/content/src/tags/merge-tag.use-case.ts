import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox, validationFailed } from '@tracera/streams';
import { TagRepository } from './tag.repository';
import { toTagView } from './tag-views';

/** Moves every item of tag `id` to tag `into` and deletes `id`: one `tag.merged` event. */
@Injectable()
export class MergeTagUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly tags: TagRepository,
  ) {}

  execute(request: RpcRequest<typeof contentRpc.mergeTag>): Promise<RpcResponse<typeof contentRpc.mergeTag>> {
    const { userId, id, into } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const locked = await this.tags.lockForUpdate(manager, userId, [id, into]);
      const from = locked.find((tag) => tag.id === id);
      if (from === undefined) throw notFound('tag');
      if (into === id) throw validationFailed([{ field: 'into', message: 'cannot be the tag itself' }]);
      const target = locked.find((tag) => tag.id === into);
      if (target === undefined)
        throw validationFailed([{ field: 'into', message: 'is not one of your tags' }]);
      await this.tags.merge(manager, userId, id, into);
      emit(
        contentEvent.tagMerged,
        { userId, fromId: id, fromName: from.name, intoId: into, intoName: target.name },
        { actor: userId },
      );
      const merged = await this.tags.findCounted(manager, userId, into);
      if (merged === null) throw notFound('tag');
      return { tag: toTagView(merged) };
    });
  }
}
