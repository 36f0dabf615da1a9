import {
  type ArrangeableTask,
  buildTaskTree,
  chosenMoveTarget,
  compareTasks,
  groupByStatus,
  moveTargets,
  subtaskProgress,
} from './task-board';

function task(id: string, overrides: Partial<ArrangeableTask> = {}): ArrangeableTask {
  return {
    id,
    parentId: null,
    status: 'todo',
    priority: 'medium',
    dueAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const ids = (tasks: readonly ArrangeableTask[]) => tasks.map((t) => t.id);

describe('compareTasks', () => {
  it('puts the soonest due first and undated last', () => {
    const tasks = [
      task('undated'),
      task('later', { dueAt: '2026-03-01T00:00:00Z' }),
      task('sooner', { dueAt: '2026-02-01T00:00:00Z' }),
    ];
    expect(ids([...tasks].sort(compareTasks))).toEqual(['sooner', 'later', 'undated']);
  });

  it('orders equal due dates by priority, then by age', () => {
    const tasks = [
      task('low', { priority: 'low' }),
      task('urgent', { priority: 'urgent' }),
      task('new-high', { priority: 'high', createdAt: '2026-01-02T00:00:00Z' }),
      task('old-high', { priority: 'high', createdAt: '2026-01-01T00:00:00Z' }),
    ];
    expect(ids([...tasks].sort(compareTasks))).toEqual(['urgent', 'old-high', 'new-high', 'low']);
  });
});

describe('buildTaskTree', () => {
  it('nests subtasks under their parent and keeps orphans as roots', () => {
    const tree = buildTaskTree([
      task('parent'),
      task('child-b', { parentId: 'parent', priority: 'low' }),
      task('child-a', { parentId: 'parent', priority: 'urgent' }),
      task('orphan', { parentId: 'not-loaded' }),
    ]);
    expect(ids(tree.roots)).toEqual(['parent', 'orphan']);
    expect(ids(tree.childrenOf.get('parent') ?? [])).toEqual(['child-a', 'child-b']);
    expect(tree.childrenOf.has('orphan')).toBe(false);
  });
});

describe('groupByStatus', () => {
  it('has a sorted column for every status', () => {
    const columns = groupByStatus([
      task('t2', { dueAt: '2026-02-02T00:00:00Z' }),
      task('t1', { dueAt: '2026-02-01T00:00:00Z' }),
      task('d', { status: 'done' }),
      task('p', { status: 'in_progress' }),
    ]);
    expect(ids(columns.todo)).toEqual(['t1', 't2']);
    expect(ids(columns.in_progress)).toEqual(['p']);
    expect(ids(columns.done)).toEqual(['d']);
    expect(columns.cancelled).toEqual([]);
  });
});

describe('subtaskProgress', () => {
  it('counts done subtasks of those not cancelled', () => {
    expect(
      subtaskProgress([
        task('a', { status: 'done' }),
        task('b', { status: 'todo' }),
        task('c', { status: 'in_progress' }),
        task('d', { status: 'cancelled' }),
      ]),
    ).toEqual({ done: 1, total: 3 });
  });

  it('is zero of zero without subtasks', () => {
    expect(subtaskProgress([])).toEqual({ done: 0, total: 0 });
  });
});

describe('moving a task', () => {
  it('offers every other status, never the current one', () => {
    expect(moveTargets('todo')).toEqual(['in_progress', 'done', 'cancelled']);
    expect(moveTargets('done')).toEqual(['todo', 'in_progress', 'cancelled']);
  });

  it('moves straight to the picked status (To do → Cancelled does not pass Done)', () => {
    expect(chosenMoveTarget('todo', 'cancelled')).toBe('cancelled');
    expect(chosenMoveTarget('todo', null)).toBe('in_progress');
  });

  it('falls back to the first other status once the task is where the pick pointed', () => {
    expect(chosenMoveTarget('cancelled', 'cancelled')).toBe('todo');
  });
});
