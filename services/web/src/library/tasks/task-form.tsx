'use client';

import { useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { type FieldErrors, fieldErrorsFromProblem, hasErrors } from '../../forms/form-errors';
import { useSession } from '../../session/session-context';
import { FormField } from '../../ui/form-field';
import { ProblemAlert } from '../../ui/problem-alert';
import { TagInput } from '../tags/tag-input';
import { PRIORITY_LABELS, TASK_PRIORITIES, type TaskPriority } from './task-board';
import {
  TASK_FIELDS,
  TASK_TITLE_MAX,
  type TaskDraft,
  type TaskField,
  checkTaskDraft,
  editSync,
  emptyTaskDraft,
  isTaskDraftChanged,
  newTaskFields,
  taskChanges,
  taskDraftOf,
} from './task-draft';
import { type Task, useCreateTask, useReloadTask, useUpdateTask } from './tasks-queries';

/**
 * The task form: "New task" without `task`, or that task's editor with it. The due date is typed in the
 * person's own time zone and sent as UTC. An edit sends only the changed fields with `If-Match` of the
 * version it started from; a newer `task` (refetch) replaces an untouched draft quietly and never a changed
 * one, which shows the "changed elsewhere" alert instead.
 */
export function TaskForm({
  task,
  parents = [],
  onSaved,
  onCancel,
}: {
  /** The task to edit; without it the form creates one. */
  task?: Task;
  /** Top-level tasks a new one may be a subtask of (creating only). */
  parents?: readonly Task[];
  onSaved: (task: Task) => void;
  onCancel: () => void;
}) {
  const { user } = useSession();
  const create = useCreateTask();
  const update = useUpdateTask();
  const reload = useReloadTask();
  const [base, setBase] = useState<Task | undefined>(task);
  const [draft, setDraft] = useState<TaskDraft>(() =>
    task ? taskDraftOf(task, user.timeZone) : emptyTaskDraft(),
  );
  const [errors, setErrors] = useState<FieldErrors<TaskField>>({});
  const changed = base ? isTaskDraftChanged(base, draft, user.timeZone) : false;
  // While our own save lands, the list already holds its answer (a newer version): that is no conflict.
  const saving = update.isPending || update.isSuccess;
  const sync = task && base && !saving ? editSync(base.version, changed, task.version) : 'up-to-date';
  if (sync === 'adopt' && task) {
    // Adjusting state while rendering (React's pattern for state derived from props): no stale frame shows.
    setBase(task);
    setDraft(taskDraftOf(task, user.timeZone));
  }
  const stale = sync === 'conflict' || (update.error instanceof ApiProblem && update.error.status === 412);
  const pending = create.isPending || update.isPending;
  const edit = <K extends keyof TaskDraft>(field: K, value: TaskDraft[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const showServerErrors = (error: Error) => setErrors(fieldErrorsFromProblem(error, TASK_FIELDS));

  const submit = () => {
    const checked = checkTaskDraft(draft, user.timeZone);
    setErrors(checked.errors);
    if (hasErrors(checked.errors) || pending) return;
    if (!base) {
      create.mutate(newTaskFields(draft, checked.dueAt), { onSuccess: onSaved, onError: showServerErrors });
      return;
    }
    const changes = taskChanges(base, draft, user.timeZone);
    // Nothing changed: nothing to send (and no new version for others to conflict with).
    if (Object.keys(changes).length === 0) {
      onSaved(base);
      return;
    }
    update.mutate(
      { id: base.id, version: base.version, changes },
      { onSuccess: onSaved, onError: showServerErrors },
    );
  };

  const reloadLatest = () => {
    if (!base) return;
    reload.mutate(base.id, {
      onSuccess: (latest) => {
        setBase(latest);
        setDraft(taskDraftOf(latest, user.timeZone));
        setErrors({});
        update.reset();
      },
    });
  };

  return (
    <form
      className={base ? 'task-form editing' : 'task-form card'}
      aria-label={base ? `Edit task ${base.title}` : 'New task'}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && base && !event.defaultPrevented) onCancel();
      }}
    >
      {/* Editing happens inside the task's card, whose own heading names it. */}
      {!base && <h2>New task</h2>}
      {stale ? (
        <div className="alert" role="alert">
          <strong>This task was changed elsewhere.</strong>
          <div>
            Your changes here are not saved. Reload to see the latest version (your edits here are discarded).
          </div>
          <button type="button" disabled={reload.isPending} onClick={reloadLatest}>
            {reload.isPending ? 'Reloading…' : 'Reload task'}
          </button>
        </div>
      ) : (
        <ProblemAlert error={create.error ?? update.error} />
      )}
      <ProblemAlert error={reload.error} />
      <FormField label="Title" error={errors.title}>
        <input
          value={draft.title}
          maxLength={TASK_TITLE_MAX}
          // The person just asked to edit this task by pressing its "Edit" button.
          autoFocus={base !== undefined}
          onChange={(event) => edit('title', event.target.value)}
        />
      </FormField>
      <FormField label="Description" error={errors.description}>
        <textarea
          rows={3}
          value={draft.description}
          onChange={(event) => edit('description', event.target.value)}
        />
      </FormField>
      <div className="task-form-row">
        <FormField label="Priority" error={errors.priority}>
          <select
            value={draft.priority}
            onChange={(event) => edit('priority', event.target.value as TaskPriority)}
          >
            {TASK_PRIORITIES.map((name) => (
              <option key={name} value={name}>
                {PRIORITY_LABELS[name]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          label="Due"
          hint={`Your time zone: ${user.timeZone}${base ? '. Empty it to remove the due date.' : ''}`}
          error={errors.dueAt}
        >
          <input
            type="datetime-local"
            value={draft.due}
            onChange={(event) => edit('due', event.target.value)}
          />
        </FormField>
      </div>
      <FormField label="Tags" error={errors.tags}>
        <TagInput
          id={base ? `edit-task-tags-${base.id}` : 'new-task-tags'}
          value={draft.tags}
          onChange={(tags) => edit('tags', tags)}
        />
      </FormField>
      {!base && (
        <FormField label="Parent task" hint="Makes this a subtask" error={errors.parentId}>
          <select value={draft.parentId} onChange={(event) => edit('parentId', event.target.value)}>
            <option value="">None (a top-level task)</option>
            {parents.map((parent) => (
              <option key={parent.id} value={parent.id}>
                {parent.title}
              </option>
            ))}
          </select>
        </FormField>
      )}
      <div className="task-form-actions">
        <button type="submit" className="primary" disabled={pending}>
          {base
            ? update.isPending
              ? 'Saving…'
              : 'Save task'
            : create.isPending
              ? 'Creating…'
              : 'Create task'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
