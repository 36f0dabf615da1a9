'use client';

import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { REGISTRATION_STATUS_QUERY_KEY, type RegistrationStatus } from './registration-status';

export interface RegistrationStatusState {
  /** Known once the server page or the browser got an answer. */
  status: RegistrationStatus | null;
  error: unknown;
  retry: () => void;
}

/** The status the server page fetched, else (the gateway was unreachable from the server) the browser's own. */
export function useRegistrationStatus(fromServer: RegistrationStatus | null): RegistrationStatusState {
  const { api } = useApi();
  const query = useQuery({
    queryKey: REGISTRATION_STATUS_QUERY_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/auth/registration')),
    enabled: fromServer === null,
  });
  return {
    status: fromServer ?? query.data ?? null,
    error: fromServer === null ? query.error : null,
    retry: () => void query.refetch(),
  };
}
