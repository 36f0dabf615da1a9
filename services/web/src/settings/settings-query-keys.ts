/** TanStack Query keys of the settings pages, so mutations invalidate exactly what they changed. */
export const SESSIONS_QUERY_KEY = ['auth', 'sessions'] as const;
export const API_TOKENS_QUERY_KEY = ['auth', 'tokens'] as const;
export const ADMIN_USERS_QUERY_KEY = ['admin', 'users'] as const;

export function jobQueryKey(kind: 'import' | 'export', id: string) {
  return ['jobs', kind, id] as const;
}
