'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { SEARCH_QUERY_KEY } from '../../search/search-queries';
import type { StoredFile } from './upload-request';

export const FILES_QUERY_KEY = ['files'] as const;

const PAGE_SIZE = 50;

export function useFiles() {
  const { api } = useApi();
  return useInfiniteQuery({
    queryKey: [...FILES_QUERY_KEY, 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/files', {
          params: { query: { sort: '-createdAt', limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useDeleteFile() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: StoredFile) =>
      unwrap(
        api.DELETE('/api/v1/files/{id}', {
          params: { path: { id: file.id }, header: { 'If-Match': String(file.version) } },
        }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: FILES_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: SEARCH_QUERY_KEY });
    },
  });
}
