import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import {
  type analyticsRpc,
  type RpcRequest,
  type RpcResponse,
  type TrendingWindow,
} from '@tracera/contracts';
import { TrendingActivityRepository } from './trending-activity.repository';
import { type TrendingCount, TrendingBuckets } from './trending-buckets';
import { HOUR_MS, hourOf, TRENDING_ACTIVITY_TYPES } from './trending-contribution';

/** Hourly buckets each window sums, the current (unfinished) hour included. */
const WINDOW_HOURS: Record<TrendingWindow, number> = { '24h': 24, '7d': 7 * 24 };

/** Candidates read from the buckets per answer place, so names below the people threshold can be skipped. */
const CANDIDATES_PER_PLACE = 5;

/**
 * `analytics.trending`: the instance's most saved domains and most used tags lately; counts only. A name
 * shows only once TRENDING_MIN_PEOPLE different people used it in the window, so one person's private tag or
 * bookmark never reaches everybody's list (in a family, "counts only" alone would still say who).
 */
@Injectable()
export class TrendingUseCase {
  constructor(
    private readonly buckets: TrendingBuckets,
    private readonly activity: TrendingActivityRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    request: RpcRequest<typeof analyticsRpc.trending>,
  ): Promise<RpcResponse<typeof analyticsRpc.trending>> {
    const currentHour = hourOf(Date.now());
    const size = WINDOW_HOURS[request.window];
    const hours = Array.from({ length: size }, (_, index) => currentHour - size + 1 + index);
    const minPeople = this.config.analytics.trendingMinPeople;
    const candidates = minPeople > 1 ? request.limit * CANDIDATES_PER_PLACE : request.limit;
    let { domains, tags } = await this.buckets.top(hours, candidates);
    if (minPeople > 1) {
      const people = await this.activity.peopleCounts(
        new Date(hours[0] * HOUR_MS),
        TRENDING_ACTIVITY_TYPES,
        domains.map(({ name }) => name),
        tags.map(({ name }) => name),
      );
      const sharedEnough = (counts: Map<string, number>) => (entry: TrendingCount) =>
        (counts.get(entry.name) ?? 0) >= minPeople;
      domains = domains.filter(sharedEnough(people.domains));
      tags = tags.filter(sharedEnough(people.tags));
    }
    return {
      window: request.window,
      domains: domains.slice(0, request.limit).map(({ name, count }) => ({ domain: name, count })),
      tags: tags.slice(0, request.limit).map(({ name, count }) => ({ tag: name, count })),
    };
  }
}
