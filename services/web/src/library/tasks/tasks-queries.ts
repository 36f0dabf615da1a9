'use client';

import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { SEARCH_QUERY_KEY } from '../../search/search-queries';
import type { Schemas } from '../../api/api-types';
import type { TaskStatus } from './task-board';
import type { TaskChanges } from './task-draft';
import { newIdempotencyKey } from '../../api/idempotency-key';

export type Task = Schemas['TaskDto_Output']['task'];
export type NewTask = Schemas['CreateTaskDto'];

export const TASKS_QUERY_KEY = ['tasks'] as const;
const TASK_LIST_KEY = [...TASKS_QUERY_KEY, 'list'] as const;
type TaskPages = InfiniteData<Schemas['TaskPageDto_Output'], string | undefined>;

/** After a change, the task lists and any search answer that may show the task are refetched. */
function refreshTasks(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: TASKS_QUERY_KEY }),
    queryClient.invalidateQueries({ queryKey: SEARCH_QUERY_KEY }),
  ]);
}

// Board and subtask progress are computed from what is loaded, so pages are as large as the API allows.
const PAGE_SIZE = 200;

export function useTasks() {
  const { api } = useApi();
  return useInfiniteQuery({
    queryKey: TASK_LIST_KEY,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/tasks', {
          params: { query: { sort: '-createdAt', limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Creates a task (or subtask); one Idempotency-Key per attempt, so a retried request is not doubled. */
export function useCreateTask() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewTask) =>
      (
        await unwrap(
          api.POST('/api/v1/tasks', { params: { header: { 'Idempotency-Key': newIdempotencyKey() } }, body }),
        )
      ).task,
    onSuccess: () => void refreshTasks(queryClient),
  });
}

/** Puts the server's answer into the loaded list at once (before the refetch), e.g. so focus can follow it. */
function replaceLoadedTask(queryClient: QueryClient, changed: Task): void {
  queryClient.setQueryData<TaskPages>(TASK_LIST_KEY, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((task) => (task.id === changed.id ? changed : task)),
          })),
        }
      : data,
  );
}

/** Moves a task to another status against the version shown; a stale version is refused with 412. */
export function useMoveTask() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ task, status }: { task: Task; status: TaskStatus }) =>
      (
        await unwrap(
          api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id: task.id }, header: { 'If-Match': String(task.version) } },
            body: { status },
          }),
        )
      ).task,
    // The answer goes into the list at once, so the card is in its new column when focus follows it.
    onSuccess: (moved) => replaceLoadedTask(queryClient, moved),
    // Refetch on failure too: after a 412 the person sees the current state to decide again.
    onSettled: () => void refreshTasks(queryClient),
  });
}

/** Saves an edit (only the changed fields) against the version the editor started from; stale → 412. */
export function useUpdateTask() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, version, changes }: { id: string; version: number; changes: TaskChanges }) =>
      (
        await unwrap(
          api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id }, header: { 'If-Match': String(version) } },
            body: changes,
          }),
        )
      ).task,
    onSuccess: (saved) => replaceLoadedTask(queryClient, saved),
    onSettled: () => void refreshTasks(queryClient),
  });
}

/** Fetches the latest version of one task (to reload an editor after a 412) into the loaded list too. */
export function useReloadTask() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } }))).task,
    onSuccess: (latest) => replaceLoadedTask(queryClient, latest),
  });
}

export function useDeleteTask() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (task: Task) =>
      unwrap(
        api.DELETE('/api/v1/tasks/{id}', {
          params: { path: { id: task.id }, header: { 'If-Match': String(task.version) } },
        }),
      ),
    onSettled: () => void refreshTasks(queryClient),
  });
}
