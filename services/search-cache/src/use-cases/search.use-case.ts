import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import {
  canonicalQuery,
  hasText,
  type ParsedSearchQuery,
  parseSearchQuery,
  type RpcRequest,
  type RpcResponse,
  SEARCH_CACHE_NAMESPACE,
  searchCacheKeyOf,
  snippetMarkup,
  type searchRpc,
  type SearchResult,
} from '@tracera/contracts';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  queryFingerprint,
  type SearchPosition,
} from '../query/search-cursor';
import { excludedTsquery, lexiconWord, positiveTsquery } from '../query/tsquery-text';
import { LexiconRepository } from '../repositories/lexicon.repository';
import { SearchCollectionRepository } from '../repositories/search-collection.repository';
import {
  type DocumentFilters,
  type DocumentHit,
  RANKED_WINDOW,
  SearchDocumentRepository,
  type TextMatch,
} from '../repositories/search-document.repository';

/** What the result cache keeps: the answer without its timing and cache flag. */
type CachedSearch = Omit<SearchResult, 'tookMs' | 'cached'>;

/** Ranked pages end where the ranked candidates end (both windows of {@link RANKED_WINDOW}). */
const MAX_RANKED_RESULTS = 2 * RANKED_WINDOW;

/**
 * `search.query`: parses the query language, answers from the user's result cache when it can (keyed by the
 * normalized query, limit and cursor; any content event of the user invalidates it) and otherwise ranks
 * matches in the read model. Cache failures fall through to the database inside ResultCache.
 */
@Injectable()
export class SearchUseCase {
  constructor(
    private readonly documents: SearchDocumentRepository,
    private readonly collections: SearchCollectionRepository,
    private readonly lexicon: LexiconRepository,
    private readonly cache: ResultCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    request: RpcRequest<typeof searchRpc.searchQuery>,
  ): Promise<RpcResponse<typeof searchRpc.searchQuery>> {
    const started = performance.now();
    const query = parseSearchQuery(request.q);
    const canonical = canonicalQuery(query);
    const fingerprint = queryFingerprint(canonical);
    const position = decodeSearchCursor(request.cursor, fingerprint);
    const key = searchCacheKeyOf(canonical, request.limit, request.cursor);
    let computed = false;
    const result = await this.cache.getOrCompute(
      request.userId,
      SEARCH_CACHE_NAMESPACE,
      key,
      this.config.search.resultTtlMs,
      () => {
        computed = true;
        return this.compute(request.userId, query, fingerprint, position, request.limit);
      },
    );
    const tookMs = Math.round((performance.now() - started) * 100) / 100;
    return { ...result, tookMs, cached: !computed };
  }

  private async compute(
    userId: string,
    query: ParsedSearchQuery,
    fingerprint: string,
    position: SearchPosition | undefined,
    limit: number,
  ): Promise<CachedSearch> {
    // Independent lookups (collections by name, spellings): one round trip's wait instead of two.
    const [filters, text] = await Promise.all([
      this.resolveFilters(userId, query),
      this.textMatch(userId, query),
    ]);
    if (text === undefined) {
      const after = position !== undefined && 'id' in position ? position : undefined;
      const [hits, facets] = await Promise.all([
        this.documents.recentPage(userId, filters, after, limit),
        this.documents.facetCounts(userId, undefined, filters),
      ]);
      const page = hits.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        hits.length > limit && last
          ? encodeSearchCursor(fingerprint, { updatedAt: last.updatedAt.toISOString(), id: last.id })
          : null;
      return { items: page.map(toSearchHit), ...facets, nextCursor };
    }
    const offset = position !== undefined && 'offset' in position ? position.offset : 0;
    const pageSize = Math.max(0, Math.min(limit, MAX_RANKED_RESULTS - offset));
    const [hits, facets] = await Promise.all([
      pageSize === 0
        ? Promise.resolve([])
        : this.documents.rankedPage(userId, text, filters, offset, pageSize),
      this.documents.facetCounts(userId, text, filters),
    ]);
    const page = hits.slice(0, pageSize);
    const nextCursor =
      hits.length > pageSize && offset + pageSize < MAX_RANKED_RESULTS
        ? encodeSearchCursor(fingerprint, { offset: offset + pageSize })
        : null;
    return { items: page.map(toSearchHit), ...facets, nextCursor };
  }

  /** `in:<name>` becomes the ids of the collections so named and their descendants. */
  private async resolveFilters(userId: string, query: ParsedSearchQuery): Promise<DocumentFilters> {
    const idsOf = async (names: string[]) =>
      (await Promise.all(names.map((name) => this.collections.idsWithDescendants(userId, name)))).flat();
    const include = query.collections.include.length > 0 ? await idsOf(query.collections.include) : undefined;
    const exclude = await idsOf(query.collections.exclude);
    return {
      types: query.types,
      states: query.states,
      tags: query.tags,
      collectionIds: { include, exclude },
    };
  }

  /** The tsqueries, with spellings from the user's lexicon added to words no indexed word starts with. */
  private async textMatch(userId: string, query: ParsedSearchQuery): Promise<TextMatch | undefined> {
    if (!hasText(query)) return undefined;
    const words = [
      ...new Set(
        query.clauses
          .flat()
          .map(lexiconWord)
          .filter((word) => word !== undefined),
      ),
    ];
    const corrections = await this.lexicon.spellingsFor(userId, words);
    const positive = positiveTsquery(query, corrections);
    if (positive === undefined) return undefined;
    return { positive, excluded: excludedTsquery(query) };
  }
}

function toSearchHit(hit: DocumentHit): SearchResult['items'][number] {
  return {
    type: hit.type,
    id: hit.id,
    title: hit.title,
    snippet: snippetMarkup(hit.headline),
    score: Math.round(hit.score * 10_000) / 10_000,
    updatedAt: hit.updatedAt.toISOString(),
    tags: hit.tags,
    url: hit.url,
    collectionId: hit.collectionId,
  };
}
