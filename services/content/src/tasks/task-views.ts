import { type TaskView } from '@tracera/contracts';
import { type TaskEntity } from './task.entity';

export function toTaskView(row: TaskEntity, tags: string[]): TaskView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    dueAt: row.dueAt?.toISOString() ?? null,
    parentId: row.parentId,
    completedAt: row.completedAt?.toISOString() ?? null,
    tags,
    collectionId: row.collectionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
