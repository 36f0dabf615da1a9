import { Injectable } from '@nestjs/common';
import { contentEvent, contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { CollectionRepository } from '../collections/collection.repository';
import { IdempotentCreate } from '../idempotency/idempotent-create';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { announceCreatedTags } from '../tags/tag-events';
import { SubtaskRules } from './subtask-rules';
import { TaskRepository } from './task.repository';
import { toTaskView } from './task-views';

type Request = RpcRequest<typeof contentRpc.createTask>;
type Response = RpcResponse<typeof contentRpc.createTask>;

/** Creates a task (or a subtask); one created `done` is completed now and also emits `task.completed`. */
@Injectable()
export class CreateTaskUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly idempotency: IdempotentCreate,
    private readonly tasks: TaskRepository,
    private readonly subtasks: SubtaskRules,
    private readonly collections: CollectionRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  execute(request: Request): Promise<Response> {
    return this.outbox.transaction((manager, emit) =>
      this.idempotency.run(manager, request, contentRpc.createTask.type, async (): Promise<Response> => {
        const { userId } = request;
        const parentId = request.parentId ?? null;
        if (parentId !== null) await this.subtasks.assertParent(manager, userId, parentId);
        await this.collections.assertOwned(manager, userId, request.collectionId);
        const row = await this.tasks.insert(manager, {
          id: uuidv7(),
          userId,
          title: request.title,
          description: request.description ?? '',
          status: request.status ?? 'todo',
          priority: request.priority ?? 'medium',
          dueAt: request.dueAt == null ? null : new Date(request.dueAt),
          parentId,
          collectionId: request.collectionId ?? null,
        });
        const tags = await this.itemTags.applyTags(manager, userId, 'task', row.id, request.tags ?? []);
        announceCreatedTags(emit, userId, tags.created);
        const task = toTaskView(row, tags.names);
        emit(contentEvent.taskCreated, { userId, task }, { actor: userId });
        if (task.status === 'done') emit(contentEvent.taskCompleted, { userId, task }, { actor: userId });
        return { task };
      }),
    );
  }
}
