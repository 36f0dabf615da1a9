'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { DashboardRange } from './dashboard-range';

export type TrendingWindow = '24h' | '7d';

/** Every dashboard query lives under this key. */
export const ANALYTICS_QUERY_KEY = ['analytics'] as const;

/**
 * Analytics are eventually consistent (activity arrives through the event stream within seconds), so the
 * person's own figures are polled while the tab is visible and refetched whenever it regains focus.
 */
const LIVE = { staleTime: 0, refetchInterval: 10_000, refetchOnWindowFocus: 'always' } as const;
/** Trending and recommendations move slowly and cost more to compute. */
const SLOW = { staleTime: 60_000, refetchInterval: 60_000 } as const;

export function useDashboard(range: DashboardRange, timeZone: string) {
  const { api } = useApi();
  return useQuery({
    queryKey: [...ANALYTICS_QUERY_KEY, 'dashboard', range, timeZone],
    queryFn: () =>
      unwrap(api.GET('/api/v1/analytics/dashboard', { params: { query: { range, tz: timeZone } } })),
    placeholderData: keepPreviousData,
    ...LIVE,
  });
}

export function useStreak() {
  const { api } = useApi();
  return useQuery({
    queryKey: [...ANALYTICS_QUERY_KEY, 'streak'],
    queryFn: () => unwrap(api.GET('/api/v1/analytics/streak')),
    ...LIVE,
  });
}

export function useHeatmap(year: number) {
  const { api } = useApi();
  return useQuery({
    queryKey: [...ANALYTICS_QUERY_KEY, 'heatmap', year],
    queryFn: () =>
      unwrap(api.GET('/api/v1/analytics/heatmap', { params: { query: { year: String(year) } } })),
    placeholderData: keepPreviousData,
    ...LIVE,
  });
}

export function useTrending(window: TrendingWindow) {
  const { api } = useApi();
  return useQuery({
    queryKey: [...ANALYTICS_QUERY_KEY, 'trending', window],
    queryFn: () => unwrap(api.GET('/api/v1/trending', { params: { query: { window } } })),
    placeholderData: keepPreviousData,
    ...SLOW,
  });
}

export function useRecommendations() {
  const { api } = useApi();
  return useQuery({
    queryKey: [...ANALYTICS_QUERY_KEY, 'recommendations'],
    queryFn: () => unwrap(api.GET('/api/v1/recommendations')),
    ...SLOW,
  });
}
