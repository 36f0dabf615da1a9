import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { TagRepository } from './tag.repository';
import { tagNameTaken, toTagView } from './tag-views';

/**
 * Renames a tag on every item at once: one `tag.renamed` event, item versions untouched (consumers apply
 * the rename). A name another tag has is a CONFLICT; merging is the way to join them.
 */
@Injectable()
export class RenameTagUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly tags: TagRepository,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.renameTag>,
  ): Promise<RpcResponse<typeof contentRpc.renameTag>> {
    const { userId, id, name } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const [tag] = await this.tags.lockForUpdate(manager, userId, [id]);
      if (tag === undefined) throw notFound('tag');
      if (tag.name !== name) {
        const holder = await this.tags.idByName(manager, userId, name);
        if (holder !== null) throw tagNameTaken(holder);
        await this.tags.rename(manager, userId, id, name);
        emit(
          contentEvent.tagRenamed,
          { userId, tagId: id, oldName: tag.name, newName: name },
          { actor: userId },
        );
      }
      const renamed = await this.tags.findCounted(manager, userId, id);
      if (renamed === null) throw notFound('tag');
      return { tag: toTagView(renamed) };
    });
  }
}
