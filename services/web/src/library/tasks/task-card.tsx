'use client';

import { useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { useDateFormat } from '../../ui/use-date-format';
import { ProblemAlert } from '../../ui/problem-alert';
import { ConfirmButton } from '../../ui/confirm-button';
import { focusAfterRemoval } from '../../ui/focus-after-removal';
import { isOverdue } from './due-date';
import { TaskForm } from './task-form';
import {
  PRIORITY_LABELS,
  STATUS_LABELS,
  type TaskStatus,
  chosenMoveTarget,
  moveTargets,
  subtaskProgress,
} from './task-board';
import { type Task, useCreateTask, useDeleteTask, useMoveTask } from './tasks-queries';

/** The page's h1; focus lands there when a delete removes the focused card. */
export const TASKS_HEADING_ID = 'tasks-heading';

/** One task: its "Move to" control (the keyboard way to move it between columns), details and subtasks. */
export function TaskCard({
  task,
  subtasks,
  highlightedId,
  onAnnounce,
}: {
  task: Task;
  subtasks: readonly Task[];
  highlightedId: string | null;
  onAnnounce: (message: string) => void;
}) {
  const progress = subtaskProgress(subtasks);
  return (
    <article
      id={`task-${task.id}`}
      className="task-card card"
      data-highlighted={task.id === highlightedId ? 'true' : undefined}
      aria-labelledby={`task-${task.id}-title`}
    >
      <TaskSummary
        task={task}
        headingId={`task-${task.id}-title`}
        subtaskCount={subtasks.length}
        openItemId={highlightedId}
        onAnnounce={onAnnounce}
      />
      {subtasks.length > 0 && (
        <div className="subtasks">
          <p className="subtask-progress">
            <progress
              max={Math.max(progress.total, 1)}
              value={progress.done}
              aria-label={`Subtasks of ${task.title} done`}
            />{' '}
            {progress.done} of {progress.total} subtasks done
          </p>
          <ul aria-label={`Subtasks of ${task.title}`}>
            {subtasks.map((subtask) => (
              <li
                key={subtask.id}
                id={`task-${subtask.id}`}
                data-highlighted={subtask.id === highlightedId ? 'true' : undefined}
              >
                <TaskSummary task={subtask} openItemId={highlightedId} onAnnounce={onAnnounce} compact />
              </li>
            ))}
          </ul>
        </div>
      )}
      {task.parentId === null && <AddSubtask parent={task} onAnnounce={onAnnounce} />}
    </article>
  );
}

function TaskSummary({
  task,
  headingId,
  compact = false,
  subtaskCount = 0,
  openItemId,
  onAnnounce,
}: {
  task: Task;
  headingId?: string;
  compact?: boolean;
  /** Deleting a task deletes its subtasks too (the database cascades), so the question says so. */
  subtaskCount?: number;
  /** A deep link's `?item=`: that task opens in its editor. */
  openItemId: string | null;
  onAnnounce: (message: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  // Once an editor has closed here, the details mount again with focus on their "Edit" button.
  const [editorClosed, setEditorClosed] = useState(false);
  const [seenItemId, setSeenItemId] = useState<string | null>(null);
  if (openItemId !== seenItemId) {
    // A new deep link (also one followed while the page is open) opens its task once; Cancel then closes it.
    setSeenItemId(openItemId);
    if (openItemId === task.id) setEditing(true);
  }
  const Heading = compact ? 'span' : 'h3';
  if (editing) {
    const close = () => {
      setEditing(false);
      setEditorClosed(true);
    };
    return (
      <div className={compact ? 'task-summary compact' : 'task-summary'}>
        <Heading id={headingId} className="task-title">
          Edit “{task.title}”
        </Heading>
        <TaskForm
          task={task}
          onSaved={(saved) => {
            close();
            onAnnounce(`Saved task “${saved.title}”`);
          }}
          onCancel={close}
        />
      </div>
    );
  }
  return (
    <TaskDetails
      task={task}
      headingId={headingId}
      compact={compact}
      subtaskCount={subtaskCount}
      focusEdit={editorClosed}
      onEdit={() => setEditing(true)}
      onAnnounce={onAnnounce}
    />
  );
}

function TaskDetails({
  task,
  headingId,
  compact,
  subtaskCount,
  focusEdit,
  onEdit,
  onAnnounce,
}: {
  task: Task;
  headingId?: string;
  compact: boolean;
  subtaskCount: number;
  /** Focus "Edit" on mount: the editor it opened has just closed. */
  focusEdit: boolean;
  onEdit: () => void;
  onAnnounce: (message: string) => void;
}) {
  const format = useDateFormat();
  const move = useMoveTask();
  const [chosen, setChosen] = useState<TaskStatus | null>(null);
  const target = chosenMoveTarget(task.status, chosen);
  const remove = useDeleteTask();
  const overdue = isOverdue(task, new Date());
  const error = move.error ?? remove.error;
  const Heading = compact ? 'span' : 'h3';
  return (
    <div className={compact ? 'task-summary compact' : 'task-summary'}>
      <div className="task-title-row">
        <Heading id={headingId} className={`task-title status-${task.status}`}>
          {task.title}
        </Heading>
        {/* A subtask sits in its parent's column, so its own status is spelled out. */}
        {compact && <span className="badge">{STATUS_LABELS[task.status]}</span>}
        <span className={`task-priority priority-${task.priority}`}>{PRIORITY_LABELS[task.priority]}</span>
      </div>
      {!compact && task.description && <p className="task-description">{task.description}</p>}
      {(task.dueAt || task.tags.length > 0) && (
        <p className="task-meta">
          {task.dueAt && (
            <span className={overdue ? 'task-due overdue' : 'task-due'}>
              {overdue ? 'Overdue: ' : 'Due '}
              <time dateTime={task.dueAt}>{format.dateTime(task.dueAt)}</time>
            </span>
          )}
          {task.tags.map((tag) => (
            <span key={tag} className="tag">
              #{tag}
            </span>
          ))}
        </p>
      )}
      <div className="task-actions">
        {/* Picking a status only chooses; "Move" commits, so arrowing through the select sends nothing. */}
        <label className="task-status" htmlFor={`move-to-${task.id}`}>
          Move<span className="visually-hidden"> “{task.title}”</span> to
        </label>
        <select
          id={`move-to-${task.id}`}
          value={target}
          onChange={(event) => setChosen(event.target.value as TaskStatus)}
        >
          {moveTargets(task.status).map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <button
          id={`move-${task.id}`}
          type="button"
          aria-label={`Move “${task.title}”`}
          onClick={() => {
            if (move.isPending) return;
            move.mutate(
              { task, status: target },
              {
                onSuccess: () => {
                  setChosen(null);
                  onAnnounce(`Moved “${task.title}” to ${STATUS_LABELS[target]}`);
                  // On the board the card now sits in another column; keep the person's place on it.
                  requestAnimationFrame(() => document.getElementById(`move-${task.id}`)?.focus());
                },
              },
            );
          }}
        >
          Move
        </button>
        {move.isPending && <span className="muted">Moving…</span>}
        <button
          id={`edit-${task.id}`}
          type="button"
          aria-label={`Edit task ${task.title}`}
          // Only ever true right after the person closed this task's editor (save, Cancel or Escape).
          autoFocus={focusEdit}
          onClick={onEdit}
        >
          Edit
        </button>
        <ConfirmButton
          label="Delete"
          ariaLabel={`Delete task ${task.title}`}
          question={subtaskCount > 0 ? 'Delete this task and its subtasks?' : 'Delete this task?'}
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          onConfirm={() =>
            remove.mutate(task, {
              onSuccess: () => {
                onAnnounce(`Deleted “${task.title}”`);
                focusAfterRemoval(TASKS_HEADING_ID, `task-${task.id}`);
              },
            })
          }
        />
      </div>
      {error instanceof ApiProblem && error.status === 412 ? (
        <p className="alert" role="alert">
          This task was changed elsewhere; it now shows the latest version. Try again if you still want to.
        </p>
      ) : (
        <ProblemAlert error={error} />
      )}
    </div>
  );
}

function AddSubtask({ parent, onAnnounce }: { parent: Task; onAnnounce: (message: string) => void }) {
  const create = useCreateTask();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!open) {
    return (
      <button
        type="button"
        className="link add-subtask-toggle"
        aria-label={`Add a subtask to ${parent.title}`}
        onClick={() => setOpen(true)}
      >
        + Add subtask
      </button>
    );
  }
  return (
    <form
      className="add-subtask"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = title.trim();
        if (!trimmed) {
          setProblem('Give the subtask a title.');
          return;
        }
        setProblem(null);
        create.mutate(
          { title: trimmed, parentId: parent.id, priority: parent.priority },
          {
            onSuccess: (subtask) => {
              setTitle('');
              onAnnounce(`Added subtask “${subtask.title}” to “${parent.title}”`);
            },
          },
        );
      }}
    >
      <label className="visually-hidden" htmlFor={`subtask-${parent.id}`}>
        New subtask of {parent.title}
      </label>
      <input
        id={`subtask-${parent.id}`}
        value={title}
        maxLength={500}
        placeholder="Subtask title"
        // The person just asked for this box by pressing "Add subtask".
        autoFocus
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `subtask-${parent.id}-error` : undefined}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(false);
        }}
      />
      <button type="submit" disabled={create.isPending}>
        Add subtask
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Done
      </button>
      {problem && (
        <span id={`subtask-${parent.id}-error`} className="field-error">
          {problem}
        </span>
      )}
      <ProblemAlert error={create.error} />
    </form>
  );
}
