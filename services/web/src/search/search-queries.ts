'use client';

import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';

/** Every search answer lives under this key, so anything that changes content can refresh them at once. */
export const SEARCH_QUERY_KEY = ['search'] as const;

/** The header box shows this many matches. */
export const PREVIEW_LIMIT = 8;
const PAGE_SIZE = 20;

/**
 * The first matches of `query` while it is typed. The abort signal is handed to fetch, so a request for text
 * that has since changed is cancelled once nothing shows it; the previous answer stays up meanwhile.
 */
export function useSearchPreview(query: string) {
  const { api } = useApi();
  const q = query.trim();
  return useQuery({
    queryKey: [...SEARCH_QUERY_KEY, 'preview', q],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/search', { params: { query: { q, limit: PREVIEW_LIMIT } }, signal })),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });
}

/** All matches of `query`, a page at a time ("Load more"). */
export function useSearchResults(query: string) {
  const { api } = useApi();
  const q = query.trim();
  return useInfiniteQuery({
    queryKey: [...SEARCH_QUERY_KEY, 'results', q],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/search', {
          params: { query: { q, limit: PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: q !== '',
  });
}
