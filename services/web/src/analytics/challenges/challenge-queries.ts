'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { Schemas } from '../../api/api-types';
import { ANALYTICS_QUERY_KEY } from '../dashboard/dashboard-queries';
import type { CreateChallengeBody } from './challenge-form';
import { challengeRefetchInterval } from './challenge-polling';

export type Challenge = Schemas['ChallengeDto_Output']['challenge'];
export type Leaderboard = Schemas['LeaderboardDto_Output'];
export type ChallengeStatus = Challenge['status'];

export const CHALLENGES_QUERY_KEY = [...ANALYTICS_QUERY_KEY, 'challenges'] as const;
const challengeKey = (id: string) => [...CHALLENGES_QUERY_KEY, 'one', id] as const;
const leaderboardKey = (id: string) => [...CHALLENGES_QUERY_KEY, 'leaderboard', id] as const;

export function useChallengeList(status: ChallengeStatus | undefined) {
  const { api } = useApi();
  return useInfiniteQuery({
    queryKey: [...CHALLENGES_QUERY_KEY, 'list', status ?? 'all'],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/challenges', { params: { query: { status, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useChallenge(id: string) {
  const { api } = useApi();
  return useQuery({
    queryKey: challengeKey(id),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/challenges/{id}', { params: { path: { id } } }))).challenge,
    refetchInterval: (query) => challengeRefetchInterval(query.state.data, query.state.error),
  });
}

export function useLeaderboard(id: string) {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: leaderboardKey(id),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/challenges/{id}/leaderboard', { params: { path: { id }, query: { around: 'me' } } }),
      ),
    // The leaderboard stops with its challenge (ended or gone), as read from the challenge's own query.
    refetchInterval: (query) =>
      challengeRefetchInterval(queryClient.getQueryData<Challenge>(challengeKey(id)), query.state.error),
    staleTime: 0,
  });
}

/** Refetches one challenge and its leaderboard now (after joining, leaving, or a live event). */
export function useRefreshChallenge() {
  const queryClient = useQueryClient();
  return (id: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: challengeKey(id) }),
      queryClient.invalidateQueries({ queryKey: leaderboardKey(id) }),
      queryClient.invalidateQueries({ queryKey: [...CHALLENGES_QUERY_KEY, 'list'] }),
    ]);
}

export function useCreateChallenge() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateChallengeBody; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/v1/challenges', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...CHALLENGES_QUERY_KEY, 'list'] }),
  });
}

export function useChallengeMembership() {
  const { api } = useApi();
  const refresh = useRefreshChallenge();
  return useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'join' | 'leave' }) => {
      const params = { params: { path: { id } } };
      if (action === 'join') await unwrap(api.POST('/api/v1/challenges/{id}/join', params));
      else await unwrap(api.POST('/api/v1/challenges/{id}/leave', params));
    },
    onSuccess: (_, { id }) => refresh(id),
  });
}

export function useInviteToChallenge(id: string) {
  const { api } = useApi();
  const refresh = useRefreshChallenge();
  return useMutation({
    mutationFn: (userIds: string[]) =>
      unwrap(
        api.POST('/api/v1/challenges/{id}/invitations', { params: { path: { id } }, body: { userIds } }),
      ),
    onSuccess: () => refresh(id),
  });
}

/** The people directory, for picking whom to invite. */
export function usePeopleSearch(query: string) {
  const { api } = useApi();
  const trimmed = query.trim();
  return useQuery({
    queryKey: ['users', 'directory', trimmed],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { query: trimmed, limit: 8 } } })),
    enabled: trimmed.length > 0,
    staleTime: 30_000,
  });
}
