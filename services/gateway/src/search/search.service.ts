import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import {
  SEARCH_CACHE_NAMESPACE,
  searchCacheKey,
  searchResult,
  searchRpc,
  type SearchResult,
} from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import { type SearchQueryDto } from './search.dtos';

// What the search-cache service stores; checked, so an entry written by another version is just a miss.
const cachedAnswer = searchResult.omit({ tookMs: true, cached: true });

/**
 * The one search box across the user's bookmarks, notes, tasks and files. A result the search-cache service
 * cached for this user's current generation is answered here, from the cache Redis, without the RPC round
 * trip; a miss (or any cache failure) goes to the search-cache service, which computes it once and caches it.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly rpc: RedisStreamsClient,
    private readonly cache: ResultCache,
  ) {}

  async search(userId: string, query: SearchQueryDto): Promise<SearchResult> {
    const started = performance.now();
    const key = searchCacheKey(query.q, query.limit, query.cursor);
    const cached = cachedAnswer.safeParse(await this.cache.peek(userId, SEARCH_CACHE_NAMESPACE, key));
    if (cached.success) {
      return { ...cached.data, tookMs: Math.round((performance.now() - started) * 100) / 100, cached: true };
    }
    return this.rpc.call(searchRpc.searchQuery, { ...query, userId }, { actor: userId });
  }
}
