'use client';

import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import type { components } from '../api/gateway-api';
import { ApiProblem } from '../api/problem';
import { ProblemAlert } from '../ui/problem-alert';
import { LoadingState } from '../ui/loading-state';

export type User = components['schemas']['UserDto_Output']['user'];

/** Why a tab leaves for the sign-in page: the person signed out, another device revoked it, or it ended. */
export type SignOutReason = 'signed-out' | 'revoked' | 'expired';

interface SessionValue {
  user: User;
  /** Forgets everything this tab knows of the person and goes to sign-in. */
  signedOut: (reason?: SignOutReason) => void;
}

const SessionContext = createContext<SessionValue | null>(null);
export const ME_QUERY_KEY = ['auth', 'me'] as const;

/** The signed-in person; children render only once they are known, so pages may rely on `useSession()`. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { api } = useApi();
  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: async () => (await unwrap(api.GET('/api/v1/auth/me'))).user,
    staleTime: 60_000,
  });
  const signedOut = useCallback((reason: SignOutReason = 'signed-out') => {
    // A full page load: the cache, the socket and requests in flight all end with the session, so nothing
    // refetches without it (and no 401 handler races this redirect).
    window.location.replace(reason === 'signed-out' ? '/sign-in' : `/sign-in?reason=${reason}`);
  }, []);
  // A 401 already sends the tab to sign-in (ApiProvider); until it leaves, show nothing of the old session.
  const unauthorized = me.error instanceof ApiProblem && me.error.status === 401;

  if (me.data && !unauthorized) {
    return <SessionContext.Provider value={{ user: me.data, signedOut }}>{children}</SessionContext.Provider>;
  }
  if (me.error && !unauthorized) {
    return (
      <main className="auth-page">
        <div className="card">
          <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
        </div>
      </main>
    );
  }
  return <LoadingState label="Loading your workspace" />;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a <SessionProvider> above it');
  return value;
}
