import type { Answer } from '../api/api-types';
import { ITEM_TYPES, type ParsedSearchQuery, type ItemType } from './query-language';

export type SearchAnswer = Answer<'/api/v1/search'>;
export type SearchHit = SearchAnswer['items'][number];
export type FacetCounts = SearchAnswer['facets'];

/** Singular and plural names of each item type, for badges, groups and facets. */
export const TYPE_NAMES: Record<ItemType, { one: string; many: string }> = {
  bookmark: { one: 'Bookmark', many: 'Bookmarks' },
  note: { one: 'Note', many: 'Notes' },
  task: { one: 'Task', many: 'Tasks' },
  file: { one: 'File', many: 'Files' },
};

/** Where an item opens: its library page, which scrolls to and highlights `?item=`. */
export function itemHref(type: ItemType, id: string): string {
  return `/library/${type}s?item=${encodeURIComponent(id)}`;
}

/** The search page for a query; the bare page (with its help) when the query is blank. */
export function searchHref(query: string): string {
  return query.trim() === '' ? '/search' : `/search?q=${encodeURIComponent(query)}`;
}

/**
 * How many items match: facets count the query without its `type:` filter, so add up the types the filter
 * lets through. `atLeast` when the server stopped counting (facetsComplete false).
 */
export function matchCount(
  facets: FacetCounts,
  facetsComplete: boolean,
  query: Pick<ParsedSearchQuery, 'types'>,
): { count: number; atLeast: boolean } {
  const { include, exclude } = query.types;
  const count = ITEM_TYPES.filter((type) => include.length === 0 || include.includes(type))
    .filter((type) => !exclude.includes(type))
    .reduce((sum, type) => sum + facets[type], 0);
  return { count, atLeast: !facetsComplete };
}

export interface HitGroup {
  type: ItemType;
  hits: SearchHit[];
}

/** Hits grouped by type, groups in the order their best hit ranked, hits in rank order within a group. */
export function groupByType(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<ItemType, SearchHit[]>();
  for (const hit of hits) {
    const group = groups.get(hit.type);
    if (group) group.push(hit);
    else groups.set(hit.type, [hit]);
  }
  return [...groups].map(([type, groupHits]) => ({ type, hits: groupHits }));
}
