import { z } from 'zod';
import { isoTime } from '../auth/auth-fields';
import { itemTypeField } from '../content/content-fields';
import { defineRpc } from '../contract';

/** The one search box's query: words, "phrases", -exclude, #tag, type:, is:, in:. */
export const SEARCH_QUERY_MAX = 500;

export const searchHit = z.object({
  type: itemTypeField,
  id: z.uuid(),
  title: z.string(),
  /** A short passage around the match, matches wrapped in `<mark>`…`</mark>`; everything else HTML-escaped. */
  snippet: z.string(),
  score: z.number(),
  updatedAt: isoTime,
  tags: z.array(z.string()),
  /** Bookmarks: their URL. */
  url: z.string().nullable(),
  collectionId: z.uuid().nullable(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchFacets = z.object({
  bookmark: z.number().int().min(0),
  note: z.number().int().min(0),
  task: z.number().int().min(0),
  file: z.number().int().min(0),
});

export const searchQueryParams = z.strictObject({
  q: z.string().max(SEARCH_QUERY_MAX).default(''),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(400).optional(),
});

export const searchResult = z.object({
  items: z.array(searchHit),
  /** Matches per type for the query without its `type:` filter, so the client can offer the other tabs. */
  facets: searchFacets,
  /**
   * False when the query matched more than the facets count (1,000): the counts then split the newest matches
   * by type and are lower bounds, so a client shows them as "1000+".
   */
  facetsComplete: z.boolean(),
  nextCursor: z.string().nullable(),
  tookMs: z.number(),
  /** Whether the answer came from the result cache. */
  cached: z.boolean(),
});
export type SearchResult = z.infer<typeof searchResult>;

export const searchQuery = defineRpc('search.query', {
  service: 'search-cache',
  request: z.object({
    userId: z.uuid(),
    q: z.string().max(SEARCH_QUERY_MAX),
    limit: z.number().int().min(1).max(200),
    cursor: z.string().max(400).optional(),
  }),
  response: searchResult,
});

export const searchRpcContracts = [searchQuery] as const;
