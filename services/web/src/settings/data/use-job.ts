'use client';

import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../api/api-client';
import { useApi } from '../../api/api-context';
import type { Answer } from '../../api/api-types';
import { jobQueryKey } from '../settings-query-keys';
import { jobRefetchInterval } from './job-polling';

export type TransferJob = Answer<'/api/v1/imports/{id}'>['job'];

/** Follows an import or export job from the answer that started it until it is done or has failed. */
export function useJob(kind: 'import' | 'export', started: TransferJob) {
  const { api } = useApi();
  return useQuery({
    queryKey: jobQueryKey(kind, started.id),
    queryFn: async () => {
      const params = { params: { path: { id: started.id } } };
      const answer =
        kind === 'import'
          ? await unwrap(api.GET('/api/v1/imports/{id}', params))
          : await unwrap(api.GET('/api/v1/exports/{id}', params));
      return answer.job;
    },
    initialData: started,
    initialDataUpdatedAt: 0,
    refetchInterval: (query) => jobRefetchInterval(query.state.data, query.state.error),
  });
}
