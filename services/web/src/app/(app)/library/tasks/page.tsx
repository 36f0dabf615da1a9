import type { Metadata } from 'next';
import { Suspense } from 'react';
// The library's shared styles (form action rows).
import '../../../../library/library.css';
import { TasksWorkspace } from '../../../../library/tasks/tasks-workspace';
import { LoadingState } from '../../../../ui/loading-state';

export const metadata: Metadata = { title: 'Tasks' };

export default function TasksPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading tasks" />}>
      <TasksWorkspace />
    </Suspense>
  );
}
