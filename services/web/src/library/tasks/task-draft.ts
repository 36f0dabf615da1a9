/** The task form's draft: prefilled from a task to edit it, checked like a new one, sent as a change set. */

import type { FieldErrors } from '../../forms/form-errors';
import { isoToZonedInput, zonedInputToIso } from './due-date';
import type { TaskPriority } from './task-board';

export interface TaskDraft {
  title: string;
  description: string;
  priority: TaskPriority;
  /** A `datetime-local` value in the person's time zone; '' means no due date. */
  due: string;
  tags: string[];
  /** '' means a top-level task. */
  parentId: string;
}

/** The saved fields a draft starts from and is compared with. */
export interface EditableTask {
  title: string;
  description: string;
  priority: TaskPriority;
  dueAt: string | null;
  tags: string[];
  parentId: string | null;
}

export type TaskField = 'title' | 'description' | 'priority' | 'dueAt' | 'tags' | 'parentId';
export const TASK_FIELDS: readonly TaskField[] = [
  'title',
  'description',
  'priority',
  'dueAt',
  'tags',
  'parentId',
];

// The contract's TITLE_MAX and DESCRIPTION_MAX, so the person hears it before sending.
export const TASK_TITLE_MAX = 500;
export const TASK_DESCRIPTION_MAX = 10_000;

export function emptyTaskDraft(): TaskDraft {
  return { title: '', description: '', priority: 'medium', due: '', tags: [], parentId: '' };
}

export function taskDraftOf(task: EditableTask, timeZone: string): TaskDraft {
  return {
    title: task.title,
    description: task.description,
    priority: task.priority,
    due: task.dueAt ? isoToZonedInput(task.dueAt, timeZone) : '',
    tags: [...task.tags],
    parentId: task.parentId ?? '',
  };
}

/** The draft's client-side problems, and its due date as ISO UTC (null when empty or unreadable). */
export function checkTaskDraft(
  draft: TaskDraft,
  timeZone: string,
): { errors: FieldErrors<TaskField>; dueAt: string | null } {
  const dueAt = draft.due ? zonedInputToIso(draft.due, timeZone) : null;
  const title = draft.title.trim();
  const errors: FieldErrors<TaskField> = {};
  if (!title) errors.title = 'Give the task a title.';
  else if (title.length > TASK_TITLE_MAX) errors.title = `Keep the title to ${TASK_TITLE_MAX} characters.`;
  if (draft.description.length > TASK_DESCRIPTION_MAX)
    errors.description = `Keep the description to ${TASK_DESCRIPTION_MAX} characters.`;
  if (draft.due && !dueAt) errors.dueAt = 'Enter a date and time.';
  return { errors, dueAt };
}

/** What a new task is created with; `dueAt` is the checked value from `checkTaskDraft`. */
export function newTaskFields(draft: TaskDraft, dueAt: string | null) {
  return {
    title: draft.title.trim(),
    description: draft.description,
    priority: draft.priority,
    dueAt,
    tags: draft.tags,
    parentId: draft.parentId || null,
  };
}

/** The fields a PATCH sends; absent ones stay as they are. */
export interface TaskChanges {
  title?: string;
  description?: string;
  priority?: TaskPriority;
  /** null clears the due date (leaving it out would keep it). */
  dueAt?: string | null;
  tags?: string[];
}

/**
 * Only what the draft changed, so an edit never rewrites a field someone else may have just set. The due date
 * is compared at the input's minute precision: an untouched one is not re-sent with its seconds dropped.
 */
export function taskChanges(task: EditableTask, draft: TaskDraft, timeZone: string): TaskChanges {
  const changes: TaskChanges = {};
  const title = draft.title.trim();
  if (title !== task.title) changes.title = title;
  if (draft.description !== task.description) changes.description = draft.description;
  if (draft.priority !== task.priority) changes.priority = draft.priority;
  const savedDue = task.dueAt ? isoToZonedInput(task.dueAt, timeZone) : '';
  if (draft.due !== savedDue) changes.dueAt = draft.due ? zonedInputToIso(draft.due, timeZone) : null;
  if (draft.tags.length !== task.tags.length || draft.tags.some((tag, index) => tag !== task.tags[index]))
    changes.tags = [...draft.tags];
  return changes;
}

export function isTaskDraftChanged(task: EditableTask, draft: TaskDraft, timeZone: string): boolean {
  return Object.keys(taskChanges(task, draft, timeZone)).length > 0;
}

/**
 * What an open editor does when the list brings a newer version of its task than the one it started from:
 * an untouched draft adopts it quietly; a changed one is kept and the person is told (never overwritten).
 */
export function editSync(
  baseVersion: number,
  draftChanged: boolean,
  latestVersion: number,
): 'up-to-date' | 'adopt' | 'conflict' {
  if (latestVersion <= baseVersion) return 'up-to-date';
  return draftChanged ? 'conflict' : 'adopt';
}
