'use client';

import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { SEARCH_QUERY_KEY } from '../../search/search-queries';
import type { Answer, Schemas } from '../../api/api-types';
import { problemOf } from '../../api/problem';
import { TAGS_QUERY_KEY } from '../tags/tag-queries';
import { type BookmarkFilters, listQueryOf } from './bookmark-filters';
import type { BookmarkFormValues } from './bookmark-form-rules';
import { bookmarkBodyOf } from './bookmark-form-rules';
import { awaitsPageTitle, prependToPages, removeFromPages, replaceInPages } from './bookmark-pages';
import { newIdempotencyKey } from '../../api/idempotency-key';

export type Bookmark = Answer<'/api/v1/bookmarks/{id}'>['bookmark'];
type BookmarkListPage = Answer<'/api/v1/bookmarks'>;
type BookmarkCache = InfiniteData<BookmarkListPage>;
export type BookmarkChanges = Schemas['UpdateBookmarkDto'];

const PAGE_SIZE = 30;
const METADATA_POLL_MS = 2_500;

export const BOOKMARKS_QUERY_KEY = ['bookmarks'] as const;
const LISTS_KEY = [...BOOKMARKS_QUERY_KEY, 'list'] as const;
const itemKey = (id: string) => [...BOOKMARKS_QUERY_KEY, 'item', id] as const;

/** The list for these filters, page by page ("Load more"). */
export function useBookmarkList(filters: BookmarkFilters) {
  const { api } = useApi();
  const query = listQueryOf(filters);
  return useInfiniteQuery({
    queryKey: [...LISTS_KEY, query],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/bookmarks', {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // The page title of a bookmark saved without one arrives in the background: ask again for a while.
    refetchInterval: (current) =>
      awaitsPageTitle(current.state.data?.pages.flatMap((page) => page.items) ?? [], Date.now())
        ? METADATA_POLL_MS
        : false,
  });
}

/** One bookmark, for `?item=<id>` links. */
export function useBookmark(id: string | null) {
  const { api } = useApi();
  return useQuery({
    queryKey: itemKey(id ?? ''),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/bookmarks/{id}', { params: { path: { id: id ?? '' } } }))).bookmark,
    enabled: id !== null,
    retry: (count, error) => problemOf(error).status !== 404 && count < 2,
  });
}

/** Writes the server's bookmark wherever it is cached (the lists and its own entry). */
function storeBookmark(queryClient: QueryClient, bookmark: Bookmark): void {
  queryClient.setQueriesData<BookmarkCache>({ queryKey: LISTS_KEY }, (data) =>
    replaceInPages(data, bookmark),
  );
  queryClient.setQueryData(itemKey(bookmark.id), bookmark);
}

/** Which lists, counts and search answers may now be wrong (filters, tag counts): refetched in the background. */
function refreshAround(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: LISTS_KEY }),
    queryClient.invalidateQueries({ queryKey: TAGS_QUERY_KEY }),
    queryClient.invalidateQueries({ queryKey: SEARCH_QUERY_KEY }),
  ]);
}

/** Whether a refused change was refused because the bookmark changed since it was loaded. */
export function isStale(error: unknown): boolean {
  return problemOf(error).status === 412;
}

/**
 * Changes a bookmark against the version on screen (`If-Match`). The change shows at once; the server's
 * answer then replaces it. On 412 the current bookmark is loaded and shown instead, and the caller says so.
 */
export function useUpdateBookmark() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ bookmark, changes }: { bookmark: Bookmark; changes: BookmarkChanges }) =>
      unwrap(
        api.PATCH('/api/v1/bookmarks/{id}', {
          params: { path: { id: bookmark.id }, header: { 'If-Match': String(bookmark.version) } },
          body: changes,
        }),
      ),
    onMutate: async ({ bookmark, changes }) => {
      await queryClient.cancelQueries({ queryKey: LISTS_KEY });
      const { tags, ...flags } = changes;
      storeBookmark(queryClient, { ...bookmark, ...flags, ...(tags ? { tags } : {}) });
    },
    onSuccess: ({ bookmark }) => {
      storeBookmark(queryClient, bookmark);
      void refreshAround(queryClient);
    },
    onError: async (error, { bookmark }) => {
      if (!isStale(error)) {
        storeBookmark(queryClient, bookmark);
        return;
      }
      try {
        const current = await unwrap(
          api.GET('/api/v1/bookmarks/{id}', { params: { path: { id: bookmark.id } } }),
        );
        storeBookmark(queryClient, current.bookmark);
      } finally {
        void refreshAround(queryClient);
      }
    },
  });
}

export function useDeleteBookmark() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (bookmark: Bookmark) =>
      unwrap(
        api.DELETE('/api/v1/bookmarks/{id}', {
          params: { path: { id: bookmark.id }, header: { 'If-Match': String(bookmark.version) } },
        }),
      ),
    onSuccess: (_nothing, bookmark) => {
      queryClient.setQueriesData<BookmarkCache>({ queryKey: LISTS_KEY }, (data) =>
        removeFromPages(data, bookmark.id),
      );
      queryClient.removeQueries({ queryKey: itemKey(bookmark.id) });
      void refreshAround(queryClient);
    },
    onError: (error) => {
      if (isStale(error)) void refreshAround(queryClient);
    },
  });
}

/** Saves a new bookmark; it goes on top of the list on screen, then the lists are refetched. */
export function useCreateBookmark(currentFilters: BookmarkFilters) {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: BookmarkFormValues) =>
      unwrap(
        api.POST('/api/v1/bookmarks', {
          params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: bookmarkBodyOf(values),
        }),
      ),
    onSuccess: ({ bookmark }) => {
      queryClient.setQueryData<BookmarkCache>([...LISTS_KEY, listQueryOf(currentFilters)], (data) =>
        prependToPages(data, bookmark),
      );
      queryClient.setQueryData(itemKey(bookmark.id), bookmark);
      void refreshAround(queryClient);
    },
  });
}
