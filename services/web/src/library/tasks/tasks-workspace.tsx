'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { STATUS_LABELS, TASK_STATUSES, type TaskTree, buildTaskTree, groupByStatus } from './task-board';
import { TASKS_HEADING_ID, TaskCard } from './task-card';
import { TaskForm } from './task-form';
import { type Task, useTasks } from './tasks-queries';
import './tasks.css';

type TasksView = 'list' | 'board';

/** The tasks page: a list grouped by status or a board of status columns (`?view=board`). */
export function TasksWorkspace() {
  const searchParams = useSearchParams();
  const view: TasksView = searchParams.get('view') === 'board' ? 'board' : 'list';
  const highlightedId = searchParams.get('item');
  const tasks = useTasks();
  const [formOpen, setFormOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const newTaskButton = useRef<HTMLButtonElement>(null);
  const loaded = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  const tree = buildTaskTree(loaded);

  useEffect(() => {
    if (highlightedId && tasks.isSuccess) {
      document.getElementById(`task-${highlightedId}`)?.scrollIntoView({ block: 'center' });
    }
  }, [highlightedId, tasks.isSuccess]);

  const viewHref = (next: TasksView) => {
    const params = new URLSearchParams(searchParams.toString());
    if (next === 'board') params.set('view', 'board');
    else params.delete('view');
    const query = params.toString();
    return query ? `/library/tasks?${query}` : '/library/tasks';
  };

  return (
    <>
      <div className="page-header">
        <h1 id={TASKS_HEADING_ID} tabIndex={-1}>
          Tasks
        </h1>
        <div className="tasks-toolbar">
          <nav aria-label="Task views" className="view-switch">
            {(['list', 'board'] as const).map((name) => (
              <Link
                key={name}
                href={viewHref(name)}
                aria-current={view === name ? 'page' : undefined}
                scroll={false}
              >
                {name === 'list' ? 'List' : 'Board'}
              </Link>
            ))}
          </nav>
          <button
            ref={newTaskButton}
            type="button"
            className="primary"
            aria-expanded={formOpen}
            onClick={() => setFormOpen(!formOpen)}
          >
            New task
          </button>
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {formOpen && (
        <TaskForm
          parents={tree.roots.filter((task) => task.parentId === null)}
          onSaved={(task) => {
            setFormOpen(false);
            setAnnouncement(`Created task “${task.title}”`);
            newTaskButton.current?.focus();
          }}
          onCancel={() => {
            setFormOpen(false);
            newTaskButton.current?.focus();
          }}
        />
      )}
      {tasks.isPending ? (
        <LoadingState label="Loading tasks" />
      ) : !tasks.data ? (
        <ProblemAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : loaded.length === 0 ? (
        <p className="muted">No tasks yet. Create one with “New task”.</p>
      ) : view === 'board' ? (
        <TaskBoard tree={tree} highlightedId={highlightedId} onAnnounce={setAnnouncement} />
      ) : (
        <TaskList tree={tree} highlightedId={highlightedId} onAnnounce={setAnnouncement} />
      )}
      {tasks.hasNextPage && (
        <button type="button" disabled={tasks.isFetchingNextPage} onClick={() => void tasks.fetchNextPage()}>
          {tasks.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      {tasks.data && <ProblemAlert error={tasks.error} />}
    </>
  );
}

interface ViewProps {
  tree: TaskTree<Task>;
  highlightedId: string | null;
  onAnnounce: (message: string) => void;
}

/** Sections by status, each sorted by due date then priority; subtasks inside their parent's card. */
function TaskList({ tree, highlightedId, onAnnounce }: ViewProps) {
  const groups = groupByStatus(tree.roots);
  return (
    <div className="task-list">
      {TASK_STATUSES.filter((status) => groups[status].length > 0).map((status) => (
        <section key={status} aria-labelledby={`tasks-${status}`}>
          <h2 id={`tasks-${status}`}>
            {STATUS_LABELS[status]} <span className="muted">({groups[status].length})</span>
          </h2>
          {groups[status].map((task) => (
            <TaskCard
              key={task.id}
              task={task}
              subtasks={tree.childrenOf.get(task.id) ?? []}
              highlightedId={highlightedId}
              onAnnounce={onAnnounce}
            />
          ))}
        </section>
      ))}
    </div>
  );
}

/** A column per status; a card moves with its status select (keyboard and pointer alike). */
function TaskBoard({ tree, highlightedId, onAnnounce }: ViewProps) {
  const columns = groupByStatus(tree.roots);
  return (
    <div className="task-board">
      {TASK_STATUSES.map((status) => (
        <section key={status} className="task-column" aria-labelledby={`column-${status}`}>
          <h2 id={`column-${status}`}>
            {STATUS_LABELS[status]} <span className="muted">({columns[status].length})</span>
          </h2>
          {columns[status].length === 0 && <p className="muted">Nothing here.</p>}
          {columns[status].map((task) => (
            <TaskCard
              key={task.id}
              task={task}
              subtasks={tree.childrenOf.get(task.id) ?? []}
              highlightedId={highlightedId}
              onAnnounce={onAnnounce}
            />
          ))}
        </section>
      ))}
    </div>
  );
}
