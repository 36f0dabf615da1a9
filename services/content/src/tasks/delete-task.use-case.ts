import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { TaskRepository } from './task.repository';

/** Deletes a task and its subtasks; each of them gets its own `task.deleted`, the subtasks first. */
@Injectable()
export class DeleteTaskUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly tasks: TaskRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.deleteTask>,
  ): Promise<RpcResponse<typeof contentRpc.deleteTask>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.tasks.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('task');
      assertVersion(request.expectedVersion, row.version);
      const doomed = [...(await this.tasks.subtasksForUpdate(manager, userId, id)), row];
      const ids = doomed.map((task) => task.id);
      await this.itemTags.clearItems(manager, userId, 'task', ids);
      await this.tasks.deleteMany(manager, userId, ids);
      for (const task of doomed) {
        emit(contentEvent.taskDeleted, { userId, id: task.id, version: task.version }, { actor: userId });
      }
      return {};
    });
  }
}
