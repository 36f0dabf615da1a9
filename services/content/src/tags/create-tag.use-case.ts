import { Injectable } from '@nestjs/common';
import { contentEvent, contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { IdempotentCreate } from '../idempotency/idempotent-create';
import { TagRepository } from './tag.repository';
import { tagNameTaken, toTagView } from './tag-views';

type Response = RpcResponse<typeof contentRpc.createTag>;

/** Creates an (as yet unused) tag; a name the user already has is a CONFLICT naming that tag. */
@Injectable()
export class CreateTagUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly idempotency: IdempotentCreate,
    private readonly tags: TagRepository,
  ) {}

  execute(request: RpcRequest<typeof contentRpc.createTag>): Promise<Response> {
    const { userId, name } = request;
    return this.outbox.transaction((manager, emit) =>
      this.idempotency.run(manager, request, contentRpc.createTag.type, async (): Promise<Response> => {
        const id = uuidv7();
        if (!(await this.tags.insert(manager, { id, userId, name }))) {
          throw tagNameTaken((await this.tags.idByName(manager, userId, name)) ?? '');
        }
        const tag = await this.tags.findCounted(manager, userId, id);
        if (tag === null) throw new Error(`tag ${id} vanished inside its own transaction`);
        emit(contentEvent.tagCreated, { userId, tagId: id, name }, { actor: userId });
        return { tag: toTagView(tag) };
      }),
    );
  }
}
