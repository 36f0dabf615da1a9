import { Inject, Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ItemRepository } from './item.repository';
import { type RelatedItem, RelatedItemsScorer } from './related-items-scorer';

/** The newest-touched items a computation reads: enough for a large library, bounded for a huge one. */
const LIBRARY_LIMIT = 5000;

/**
 * `analytics.recommendations`: the person's own items related to what they touched lately, scored in
 * process. The full list is cached per person (namespace `recommendations`) until new activity or an item
 * change bumps their generation, or the TTL passes; each call cuts it to its limit.
 */
@Injectable()
export class RecommendItemsUseCase {
  private readonly scorer = new RelatedItemsScorer();

  constructor(
    private readonly items: ItemRepository,
    private readonly cache: ResultCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    request: RpcRequest<typeof analyticsRpc.recommendations>,
  ): Promise<RpcResponse<typeof analyticsRpc.recommendations>> {
    const all = await this.cache.getOrCompute<RelatedItem[]>(
      request.userId,
      'recommendations',
      `top${analyticsRpc.RECOMMENDATIONS_MAX}`,
      this.config.analytics.cacheTtlMs,
      async () =>
        this.scorer.recommend(
          await this.items.library(request.userId, LIBRARY_LIMIT),
          new Date(),
          analyticsRpc.RECOMMENDATIONS_MAX,
        ),
    );
    return { items: all.slice(0, request.limit) };
  }
}
