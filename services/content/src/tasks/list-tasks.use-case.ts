import { Injectable } from '@nestjs/common';
import { type contentRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeListCursor, keysetPage } from '../paging/list-cursor';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { storedTagName } from '../tags/tag-name';
import { TaskRepository } from './task.repository';
import { toTaskView } from './task-views';

/** The user's tasks, filtered and sorted, one keyset page at a time. */
@Injectable()
export class ListTasksUseCase {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  async execute(
    request: RpcRequest<typeof contentRpc.listTasks>,
  ): Promise<RpcResponse<typeof contentRpc.listTasks>> {
    const after = decodeListCursor(request.cursor, request.sort);
    const tag = request.tag === undefined ? undefined : storedTagName(request.tag);
    if (tag === null) return { items: [], nextCursor: null };
    const rows = await this.tasks.listPage({ ...request, tag, after });
    const tags = await this.itemTags.tagsOf(
      undefined,
      request.userId,
      'task',
      rows.map((keyed) => keyed.row.id),
    );
    return keysetPage(rows, request.limit, request.sort, (row) => toTaskView(row, tags.get(row.id) ?? []));
  }
}
