'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { Answer } from '../../api/api-types';

export type Tag = Answer<'/api/v1/tags'>['items'][number];

export const TAGS_QUERY_KEY = ['tags'] as const;

/** The person's tags with how many items carry each, a page at a time. */
export function useTags() {
  const { api } = useApi();
  return useInfiniteQuery({
    queryKey: TAGS_QUERY_KEY,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/tags', {
          params: { query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/**
 * Renaming or deleting a tag changes every item that carries it (notes and tasks too), so everything
 * cached is refetched rather than guessing which lists show it.
 */
export function useRenameTag() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ tag, name }: { tag: Tag; name: string }) =>
      unwrap(api.PATCH('/api/v1/tags/{id}', { params: { path: { id: tag.id } }, body: { name } })),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

export function useDeleteTag() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tag: Tag) => unwrap(api.DELETE('/api/v1/tags/{id}', { params: { path: { id: tag.id } } })),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
