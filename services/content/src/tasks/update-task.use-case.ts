import { Injectable } from '@nestjs/common';
import { contentEvent, type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { assertVersion } from '../content-errors';
import { changedFields, ItemChanges } from '../items/item-changes';
import { SubtaskRules } from './subtask-rules';
import { TaskRepository } from './task.repository';
import { toTaskView } from './task-views';

const PLAIN_FIELDS = ['title', 'description', 'priority'] as const;

function sameTime(a: Date | null, b: string | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === new Date(b).getTime();
}

/**
 * Changes a task. Becoming `done` stamps `completedAt` and emits `task.completed` after `task.updated`;
 * leaving `done` (reopening) clears it. A change that changes nothing keeps the version and emits nothing.
 */
@Injectable()
export class UpdateTaskUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly tasks: TaskRepository,
    private readonly subtasks: SubtaskRules,
    private readonly itemChanges: ItemChanges,
  ) {}

  execute(
    request: RpcRequest<typeof contentRpc.updateTask>,
  ): Promise<RpcResponse<typeof contentRpc.updateTask>> {
    const { userId, id } = request;
    return this.outbox.transaction(async (manager, emit) => {
      const row = await this.tasks.findForUpdate(manager, userId, id);
      if (row === null) throw notFound('task');
      assertVersion(request.expectedVersion, row.version);
      const changes: Parameters<TaskRepository['update']>[3] = {};
      Object.assign(changes, changedFields(row, request, PLAIN_FIELDS));
      if (request.dueAt !== undefined && !sameTime(row.dueAt, request.dueAt)) {
        changes.dueAt = request.dueAt === null ? null : new Date(request.dueAt);
      }
      const completing = request.status === 'done' && row.status !== 'done';
      if (request.status !== undefined && request.status !== row.status) {
        changes.status = request.status;
        changes.completedAt = completing ? 'now' : null;
      }
      if (request.parentId !== undefined && request.parentId !== row.parentId) {
        if (request.parentId !== null)
          await this.subtasks.assertParent(manager, userId, request.parentId, id);
        changes.parentId = request.parentId;
      }
      Object.assign(
        changes,
        await this.itemChanges.collectionMove(manager, userId, row.collectionId, request.collectionId),
      );
      const retagged = await this.itemChanges.retag(manager, emit, userId, 'task', id, request.tags);
      const tags = retagged.tags;
      const changed: string[] = [...Object.keys(changes), ...(retagged.changed ? ['tags'] : [])];
      if (changed.length === 0) return { task: toTaskView(row, tags) };
      const task = toTaskView(await this.tasks.update(manager, userId, id, changes), tags);
      emit(contentEvent.taskUpdated, { userId, task, changed }, { actor: userId });
      if (completing) emit(contentEvent.taskCompleted, { userId, task }, { actor: userId });
      return { task };
    });
  }
}
