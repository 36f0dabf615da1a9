'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { Schemas } from '../../api/api-types';

export type Note = Schemas['NoteDto_Output']['note'];

/** Everything about notes lives under this key; invalidating it refreshes the list and the open note. */
export const NOTES_QUERY_KEY = ['notes'] as const;
export const noteQueryKey = (id: string) => [...NOTES_QUERY_KEY, 'one', id] as const;

const PAGE_SIZE = 50;
// Pinned notes are few; one page of them keeps "pinned first" true however many other pages exist.
const PINNED_LIMIT = 200;

export function usePinnedNotes() {
  const { api } = useApi();
  return useQuery({
    queryKey: [...NOTES_QUERY_KEY, 'list', 'pinned'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/notes', {
          params: { query: { pinned: 'true', sort: '-updatedAt', limit: PINNED_LIMIT } },
        }),
      ),
  });
}

export function useUnpinnedNotes() {
  const { api } = useApi();
  return useInfiniteQuery({
    queryKey: [...NOTES_QUERY_KEY, 'list', 'unpinned'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/notes', {
          params: { query: { pinned: 'false', sort: '-updatedAt', limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useNote(id: string) {
  const { api } = useApi();
  return useQuery({
    queryKey: noteQueryKey(id),
    queryFn: async () => (await unwrap(api.GET('/api/v1/notes/{id}', { params: { path: { id } } }))).note,
  });
}
