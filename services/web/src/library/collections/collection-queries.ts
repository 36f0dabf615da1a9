'use client';

import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import { SEARCH_QUERY_KEY } from '../../search/search-queries';
import type { Answer } from '../../api/api-types';
import { buildCollectionTree, flattenCollectionTree } from './collection-tree';
import { newIdempotencyKey } from '../../api/idempotency-key';

export type Collection = Answer<'/api/v1/collections'>['items'][number];

export const COLLECTIONS_QUERY_KEY = ['collections'] as const;

/** A tree needs every collection, so all pages are read (people have tens, not thousands). */
export function useCollections() {
  const { api } = useApi();
  const query = useQuery({
    queryKey: COLLECTIONS_QUERY_KEY,
    queryFn: async () => {
      const collections: Collection[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET('/api/v1/collections', {
            params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
          }),
        );
        collections.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return collections;
    },
  });
  const tree = useMemo(() => buildCollectionTree(query.data ?? []), [query.data]);
  const rows = useMemo(() => flattenCollectionTree(tree), [tree]);
  return { ...query, tree, rows };
}

/** The collection tree, and search answers (which may name a collection), are refetched after a change. */
function refreshCollections(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: COLLECTIONS_QUERY_KEY }),
    queryClient.invalidateQueries({ queryKey: SEARCH_QUERY_KEY }),
  ]);
}

export function useCreateCollection() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; parentId: string | null }) =>
      unwrap(
        api.POST('/api/v1/collections', {
          params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
          body,
        }),
      ),
    onSuccess: () => refreshCollections(queryClient),
  });
}

export function useRenameCollection() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ collection, name }: { collection: Collection; name: string }) =>
      unwrap(
        api.PATCH('/api/v1/collections/{id}', {
          params: { path: { id: collection.id }, header: { 'If-Match': String(collection.version) } },
          body: { name },
        }),
      ),
    onSettled: () => refreshCollections(queryClient),
  });
}

/**
 * Deleting a collection moves its items (notes too) and child collections to its parent, so everything
 * cached is refetched.
 */
export function useDeleteCollection() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (collection: Collection) =>
      unwrap(
        api.DELETE('/api/v1/collections/{id}', {
          params: { path: { id: collection.id }, header: { 'If-Match': String(collection.version) } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries(),
  });
}
