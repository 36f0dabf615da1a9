import {
  type EditableTask,
  checkTaskDraft,
  editSync,
  emptyTaskDraft,
  isTaskDraftChanged,
  newTaskFields,
  taskChanges,
  taskDraftOf,
} from './task-draft';

const ZONE = 'Europe/Berlin';

function saved(overrides: Partial<EditableTask> = {}): EditableTask {
  return {
    title: 'Trim the wick',
    description: 'Before dusk',
    priority: 'high',
    // 09:30:45 in Berlin (winter, UTC+1): the seconds are below what the input shows.
    dueAt: '2026-01-15T08:30:45.000Z',
    tags: ['lamp', 'daily'],
    parentId: null,
    ...overrides,
  };
}

describe('taskDraftOf', () => {
  it('prefills the form with the due date in the person’s zone and no parent as empty', () => {
    expect(taskDraftOf(saved(), ZONE)).toEqual({
      title: 'Trim the wick',
      description: 'Before dusk',
      priority: 'high',
      due: '2026-01-15T09:30',
      tags: ['lamp', 'daily'],
      parentId: '',
    });
    expect(taskDraftOf(saved({ dueAt: null, parentId: 'p1' }), ZONE)).toMatchObject({
      due: '',
      parentId: 'p1',
    });
  });
});

describe('taskChanges', () => {
  it('is empty for an untouched draft, even though the saved due date has seconds', () => {
    const task = saved();
    expect(taskChanges(task, taskDraftOf(task, ZONE), ZONE)).toEqual({});
    expect(isTaskDraftChanged(task, taskDraftOf(task, ZONE), ZONE)).toBe(false);
  });

  it('sends only the changed fields, with the title trimmed', () => {
    const task = saved();
    const draft = { ...taskDraftOf(task, ZONE), title: '  Trim the wicks ', priority: 'urgent' as const };
    expect(taskChanges(task, draft, ZONE)).toEqual({ title: 'Trim the wicks', priority: 'urgent' });
  });

  it('does not count added spaces around the title as a change', () => {
    const task = saved();
    expect(taskChanges(task, { ...taskDraftOf(task, ZONE), title: ' Trim the wick  ' }, ZONE)).toEqual({});
  });

  it('clears an emptied due date with null and sends a new one as UTC', () => {
    const task = saved();
    expect(taskChanges(task, { ...taskDraftOf(task, ZONE), due: '' }, ZONE)).toEqual({ dueAt: null });
    expect(taskChanges(task, { ...taskDraftOf(task, ZONE), due: '2026-07-01T18:00' }, ZONE)).toEqual({
      dueAt: '2026-07-01T16:00:00.000Z',
    });
    expect(taskChanges(saved({ dueAt: null }), { ...taskDraftOf(task, ZONE), due: '' }, ZONE)).toEqual({});
  });

  it('sends the whole tag list when a tag is added, removed or reordered', () => {
    const task = saved();
    const draft = taskDraftOf(task, ZONE);
    expect(taskChanges(task, { ...draft, tags: ['lamp'] }, ZONE)).toEqual({ tags: ['lamp'] });
    expect(taskChanges(task, { ...draft, tags: ['daily', 'lamp'] }, ZONE)).toEqual({
      tags: ['daily', 'lamp'],
    });
    expect(taskChanges(task, { ...draft, description: '' }, ZONE)).toEqual({ description: '' });
  });
});

describe('checkTaskDraft', () => {
  it('asks for a title and keeps title and description within the contract', () => {
    expect(checkTaskDraft({ ...emptyTaskDraft(), title: '   ' }, ZONE).errors).toEqual({
      title: 'Give the task a title.',
    });
    const long = checkTaskDraft(
      { ...emptyTaskDraft(), title: 'x'.repeat(501), description: 'y'.repeat(10_001) },
      ZONE,
    ).errors;
    expect(long.title).toBe('Keep the title to 500 characters.');
    expect(long.description).toBe('Keep the description to 10000 characters.');
    expect(checkTaskDraft({ ...emptyTaskDraft(), title: 'x'.repeat(500) }, ZONE).errors).toEqual({});
  });

  it('reads the due date in the person’s zone and refuses an unreadable one', () => {
    const ok = checkTaskDraft({ ...emptyTaskDraft(), title: 'a', due: '2026-01-15T09:30' }, ZONE);
    expect(ok).toEqual({ errors: {}, dueAt: '2026-01-15T08:30:00.000Z' });
    const bad = checkTaskDraft({ ...emptyTaskDraft(), title: 'a', due: '2026-01-15' }, ZONE);
    expect(bad.errors.dueAt).toBe('Enter a date and time.');
    expect(checkTaskDraft({ ...emptyTaskDraft(), title: 'a' }, ZONE).dueAt).toBeNull();
  });
});

describe('newTaskFields', () => {
  it('trims the title and turns an empty parent into a top-level task', () => {
    const draft = { ...emptyTaskDraft(), title: ' New ', tags: ['x'] };
    expect(newTaskFields(draft, null)).toEqual({
      title: 'New',
      description: '',
      priority: 'medium',
      dueAt: null,
      tags: ['x'],
      parentId: null,
    });
    expect(newTaskFields({ ...draft, parentId: 'p1' }, null).parentId).toBe('p1');
  });
});

describe('editSync', () => {
  it('adopts a newer version into an untouched draft and flags a changed one', () => {
    expect(editSync(3, false, 3)).toBe('up-to-date');
    expect(editSync(3, true, 3)).toBe('up-to-date');
    expect(editSync(3, false, 4)).toBe('adopt');
    expect(editSync(3, true, 4)).toBe('conflict');
    // An older copy (a refetch that started before our save) never replaces the draft.
    expect(editSync(5, false, 4)).toBe('up-to-date');
  });
});
