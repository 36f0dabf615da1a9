import { type ParsedSearchQuery, parseSearchQuery } from './query-syntax';

export {
  parseSearchQuery,
  type FilterSet,
  type ParsedSearchQuery,
  type StateFilter,
  type TextTerm,
} from './query-syntax';

/** Whether the query searches text at all (otherwise it only filters and lists by recency). */
export function hasText(query: ParsedSearchQuery): boolean {
  return query.clauses.length > 0;
}

/** A canonical spelling of the query, so `a  b` and `a b` share one cache entry and one cursor. */
export function canonicalQuery(query: ParsedSearchQuery): string {
  return JSON.stringify(query);
}

/** The result cache's namespace for search answers. */
export const SEARCH_CACHE_NAMESPACE = 'search';

/**
 * The result-cache key of one search request: the parsed query (so spacing, case of operators and filter
 * order do not matter), the page size and the cursor. The gateway answers hits with it and the search-cache
 * service stores misses under it, so both sides must build it here.
 */
export function searchCacheKey(q: string, limit: number, cursor: string | undefined): string {
  return searchCacheKeyOf(canonicalQuery(parseSearchQuery(q)), limit, cursor);
}

/** {@link searchCacheKey} for a query already parsed and made canonical. */
export function searchCacheKeyOf(canonical: string, limit: number, cursor: string | undefined): string {
  return JSON.stringify([canonical, limit, cursor ?? null]);
}
