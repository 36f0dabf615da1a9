import { Injectable } from '@nestjs/common';
import { type TaskPriority, type TaskStatus } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { parseSort, readKeysetPage, type SortKey } from '../paging/keyset-order';
import { type KeyedRow, type ListCursor } from '../paging/list-cursor';
import { whereTagged } from '../tags/tag-filter';
import { TaskEntity } from './task.entity';

export type NewTask = Pick<
  TaskEntity,
  'id' | 'userId' | 'title' | 'description' | 'status' | 'priority' | 'dueAt' | 'parentId' | 'collectionId'
>;
export type TaskChanges = Partial<
  Pick<
    TaskEntity,
    'title' | 'description' | 'status' | 'priority' | 'dueAt' | 'parentId' | 'completedAt' | 'collectionId'
  >
>;

export interface TaskListQuery {
  userId: string;
  status?: TaskStatus[];
  priority?: TaskPriority;
  tag?: string;
  collectionId?: string;
  parentId?: string;
  dueBefore?: string;
  dueAfter?: string;
  sort: string;
  after?: ListCursor;
  limit: number;
}

/** Completion is stamped by the database clock, to the millisecond like every other time. */
const NOW_MS = `date_trunc('milliseconds', now())`;

function sortKeyOf(field: string, descending: boolean): SortKey {
  switch (field) {
    case 'updatedAt':
      return { expression: 't.updated_at', type: 'timestamptz' };
    case 'title':
      return { expression: 'lower(t.title)', type: 'text' };
    // Undated tasks come last in both directions.
    case 'dueAt':
      return {
        expression: `coalesce(t.due_at, '${descending ? '-infinity' : 'infinity'}'::timestamptz)`,
        type: 'timestamptz',
      };
    case 'priority':
      return { expression: 't.priority_rank', type: 'smallint' };
    default:
      return { expression: 't.created_at', type: 'timestamptz' };
  }
}

/** Every SQL on `content.tasks`. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class TaskRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private tasks(manager?: EntityManager): Repository<TaskEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(TaskEntity);
  }

  /** Inserts the task; a `done` one is stamped completed now. */
  async insert(manager: EntityManager, task: NewTask): Promise<TaskEntity> {
    await this.tasks(manager).insert({
      ...task,
      version: 1,
      completedAt: task.status === 'done' ? () => NOW_MS : null,
    });
    return this.tasks(manager).findOneByOrFail({ id: task.id });
  }

  findById(manager: EntityManager | undefined, userId: string, id: string): Promise<TaskEntity | null> {
    return this.tasks(manager).findOneBy({ userId, id });
  }

  /** Locks the task until the transaction ends. */
  findForUpdate(manager: EntityManager, userId: string, id: string): Promise<TaskEntity | null> {
    return this.tasks(manager).findOne({ where: { userId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The would-be parent, key-share locked so it cannot vanish before the caller commits. */
  async findParent(
    manager: EntityManager,
    userId: string,
    id: string,
  ): Promise<{ id: string; parentId: string | null } | null> {
    const rows = await manager.query<{ id: string; parent_id: string | null }[]>(
      'SELECT id, parent_id FROM content.tasks WHERE user_id = $1 AND id = $2 FOR KEY SHARE',
      [userId, id],
    );
    return rows.length === 0 ? null : { id: rows[0].id, parentId: rows[0].parent_id };
  }

  async hasSubtasks(manager: EntityManager, userId: string, id: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM content.tasks WHERE user_id = $1 AND parent_id = $2 LIMIT 1',
      [userId, id],
    );
    return rows.length > 0;
  }

  /** The task's subtasks, locked (they are deleted with it). */
  subtasksForUpdate(manager: EntityManager, userId: string, id: string): Promise<TaskEntity[]> {
    return this.tasks(manager).find({
      where: { userId, parentId: id },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * Applies the changes, bumps the version and answers the row as stored. `completedAt: 'now'` stamps the
   * completion with the database clock.
   */
  async update(
    manager: EntityManager,
    userId: string,
    id: string,
    changes: Omit<TaskChanges, 'completedAt'> & { completedAt?: 'now' | null },
  ): Promise<TaskEntity> {
    const { completedAt, ...rest } = changes;
    await this.tasks(manager).update(
      { userId, id },
      {
        ...rest,
        ...(completedAt === undefined ? {} : { completedAt: completedAt === 'now' ? () => NOW_MS : null }),
        version: () => 'version + 1',
        updatedAt: () => NOW_MS,
      },
    );
    return this.tasks(manager).findOneByOrFail({ userId, id });
  }

  async deleteMany(manager: EntityManager, userId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query('DELETE FROM content.tasks WHERE user_id = $1 AND id = ANY($2::uuid[])', [
      userId,
      ids,
    ]);
  }

  /** One page of the user's tasks; fetches one extra row so the caller knows whether more follow. */
  listPage(query: TaskListQuery): Promise<KeyedRow<TaskEntity>[]> {
    const builder = this.tasks()
      .createQueryBuilder('t')
      .where('t.user_id = :userId', { userId: query.userId });
    if (query.status !== undefined && query.status.length > 0) {
      builder.andWhere('t.status IN (:...statuses)', { statuses: query.status });
    }
    if (query.priority !== undefined)
      builder.andWhere('t.priority = :priority', { priority: query.priority });
    if (query.collectionId !== undefined) {
      builder.andWhere('t.collection_id = :collectionId', { collectionId: query.collectionId });
    }
    if (query.parentId === 'none') builder.andWhere('t.parent_id IS NULL');
    else if (query.parentId !== undefined)
      builder.andWhere('t.parent_id = :parentId', { parentId: query.parentId });
    if (query.dueBefore !== undefined)
      builder.andWhere('t.due_at < :dueBefore', { dueBefore: query.dueBefore });
    if (query.dueAfter !== undefined) builder.andWhere('t.due_at > :dueAfter', { dueAfter: query.dueAfter });
    if (query.tag !== undefined) whereTagged(builder, 't', 'task', query.tag);
    const { field, descending } = parseSort(query.sort);
    return readKeysetPage(
      builder,
      'content.tasks',
      't',
      sortKeyOf(field, descending),
      descending,
      query.after,
      query.limit,
    );
  }

  /** The user's tasks after `afterId`, by id (exports). */
  pageOfUser(userId: string, afterId: string | null, limit: number): Promise<TaskEntity[]> {
    const builder = this.tasks().createQueryBuilder('t').where('t.user_id = :userId', { userId });
    if (afterId !== null) builder.andWhere('t.id > :afterId', { afterId });
    return builder.orderBy('t.id', 'ASC').limit(limit).getMany();
  }

  /** Tasks of every user after `afterId`, by id (the search index rebuild). */
  pageOfAllUsers(afterId: string | null, limit: number): Promise<TaskEntity[]> {
    const builder = this.tasks().createQueryBuilder('t');
    if (afterId !== null) builder.where('t.id > :afterId', { afterId });
    return builder.orderBy('t.id', 'ASC').limit(limit).getMany();
  }
}
