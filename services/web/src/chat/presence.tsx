'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { useLiveEvent } from '../live/live-socket';
import type { PresenceEvent, PresenceStatus } from './chat-types';

const PRESENCE_QUERY_PREFIX = ['chat', 'presence'] as const;
type PresenceMap = Record<string, PresenceStatus>;

/** Online/away/offline of these people: the REST snapshot, then `presence` pushes. */
export function usePresence(userIds: readonly string[]): PresenceMap {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const ids = [...new Set(userIds)].sort();
  const query = useQuery({
    queryKey: [...PRESENCE_QUERY_PREFIX, ids],
    enabled: ids.length > 0,
    staleTime: 60_000,
    queryFn: async (): Promise<PresenceMap> => {
      const answer = await unwrap(
        api.GET('/api/v1/presence', { params: { query: { userIds: ids.slice(0, 100).join(',') } } }),
      );
      return Object.fromEntries(answer.items.map((item) => [item.userId, item.status]));
    },
  });
  useLiveEvent<PresenceEvent>('presence', (event) => {
    queryClient.setQueriesData<PresenceMap>({ queryKey: PRESENCE_QUERY_PREFIX }, (map) =>
      map && event.userId in map ? { ...map, [event.userId]: event.status } : map,
    );
  });
  return query.data ?? {};
}

/** A coloured dot with the status as text for screen readers. */
export function PresenceDot({ status, name }: { status: PresenceStatus | undefined; name: string }) {
  const known = status ?? 'offline';
  return (
    <span
      className={`presence-dot presence-${known}`}
      role="img"
      aria-label={`${name} is ${known}`}
      title={known}
    />
  );
}
