import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { TaskRepository } from './task.repository';
import { toTaskView } from './task-views';

@Injectable()
export class GetTaskUseCase {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.getTask>,
  ): Promise<RpcResponse<typeof contentRpc.getTask>> {
    const row = await this.tasks.findById(undefined, request.userId, request.id);
    if (row === null) throw notFound('task');
    const tags = await this.itemTags.tagsOf(undefined, request.userId, 'task', [row.id]);
    return { task: toTaskView(row, tags.get(row.id) ?? []) };
  }
}
