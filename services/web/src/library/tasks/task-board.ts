/** Arranging tasks for the list and board views: status columns, due/priority order, subtasks. */

export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const STATUS_LABELS: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const PRIORITY_LABELS: Record<TaskPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};

/** Where a task in `current` can be moved: every other status, in board order. */
export function moveTargets(current: TaskStatus): TaskStatus[] {
  return TASK_STATUSES.filter((status) => status !== current);
}

/** The move the person has picked, or the first other status until they pick one (or after it moved there). */
export function chosenMoveTarget(current: TaskStatus, chosen: TaskStatus | null): TaskStatus {
  return chosen !== null && chosen !== current ? chosen : moveTargets(current)[0];
}

/** The fields the arrangement needs; the API's task has more. */
export interface ArrangeableTask {
  id: string;
  parentId: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  dueAt: string | null;
  createdAt: string;
}

/** Soonest due first (undated last), then most urgent, then oldest. */
export function compareTasks(a: ArrangeableTask, b: ArrangeableTask): number {
  const dueA = a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY;
  const dueB = b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY;
  if (dueA !== dueB) return dueA < dueB ? -1 : 1;
  const priority = TASK_PRIORITIES.indexOf(b.priority) - TASK_PRIORITIES.indexOf(a.priority);
  if (priority !== 0) return priority;
  return a.createdAt.localeCompare(b.createdAt);
}

export interface TaskTree<T extends ArrangeableTask> {
  /** Tasks without a parent, and subtasks whose parent is not loaded (so nothing disappears). */
  roots: T[];
  /** Subtasks by parent id, sorted. */
  childrenOf: ReadonlyMap<string, T[]>;
}

export function buildTaskTree<T extends ArrangeableTask>(tasks: readonly T[]): TaskTree<T> {
  const ids = new Set(tasks.map((task) => task.id));
  const roots: T[] = [];
  const childrenOf = new Map<string, T[]>();
  for (const task of tasks) {
    if (task.parentId && ids.has(task.parentId)) {
      const siblings = childrenOf.get(task.parentId) ?? [];
      siblings.push(task);
      childrenOf.set(task.parentId, siblings);
    } else {
      roots.push(task);
    }
  }
  roots.sort(compareTasks);
  for (const siblings of childrenOf.values()) siblings.sort(compareTasks);
  return { roots, childrenOf };
}

/** Tasks by status column, each column sorted; every status has a (maybe empty) column. */
export function groupByStatus<T extends ArrangeableTask>(tasks: readonly T[]): Record<TaskStatus, T[]> {
  const columns: Record<TaskStatus, T[]> = { todo: [], in_progress: [], done: [], cancelled: [] };
  for (const task of tasks) columns[task.status].push(task);
  for (const status of TASK_STATUSES) columns[status].sort(compareTasks);
  return columns;
}

/** "n of m done"; cancelled subtasks count in neither, as they will never be done. */
export function subtaskProgress(subtasks: readonly ArrangeableTask[]): { done: number; total: number } {
  const counted = subtasks.filter((task) => task.status !== 'cancelled');
  return { done: counted.filter((task) => task.status === 'done').length, total: counted.length };
}
