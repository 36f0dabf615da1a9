import { validationFailed } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { TaskRepository } from './task.repository';

/** Subtasks are one level deep: a parent is one of the user's top-level tasks. */
@Injectable()
export class SubtaskRules {
  constructor(private readonly tasks: TaskRepository) {}

  /** Refuses (VALIDATION on `parentId`) a parent that is not the user's, or is itself a subtask. */
  async assertParent(
    manager: EntityManager,
    userId: string,
    parentId: string,
    childId?: string,
  ): Promise<void> {
    if (parentId === childId)
      throw validationFailed([{ field: 'parentId', message: 'cannot be the task itself' }]);
    const parent = await this.tasks.findParent(manager, userId, parentId);
    if (parent === null) throw validationFailed([{ field: 'parentId', message: 'is not one of your tasks' }]);
    if (parent.parentId !== null) {
      throw validationFailed([{ field: 'parentId', message: 'is a subtask; subtasks do not nest' }]);
    }
    if (childId !== undefined && (await this.tasks.hasSubtasks(manager, userId, childId))) {
      throw validationFailed([
        { field: 'parentId', message: 'a task with subtasks cannot become a subtask' },
      ]);
    }
  }
}
