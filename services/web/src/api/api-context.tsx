'use client';

import { usePathname } from 'next/navigation';
import { createContext, type ReactNode, useContext, useMemo, useRef } from 'react';
import { type ApiClient, createApiClient } from './api-client';
import { resolveApiOrigin } from './api-origin';

interface ApiContextValue {
  api: ApiClient;
  /** The gateway's public origin (also where the live socket connects). */
  apiOrigin: string;
  /** What a 401 does (full navigation to sign-in); for requests made outside `api`, e.g. XHR uploads. */
  onUnauthorized: () => void;
}

const ApiContext = createContext<ApiContextValue | null>(null);

/** Pages that work signed out; a 401 anywhere else sends the person to sign in. */
export const PUBLIC_PATHS = ['/sign-in', '/register', '/setup'];

export function ApiProvider({
  config,
  children,
}: {
  config: { apiUrl: string | null; apiPort: string };
  children: ReactNode;
}) {
  const pathname = usePathname();
  const pathnameRef = useRef(pathname);
  pathnameRef.current = pathname;
  const value = useMemo<ApiContextValue>(() => {
    const apiOrigin =
      typeof window === 'undefined'
        ? (config.apiUrl ?? `http://localhost:${config.apiPort}`)
        : resolveApiOrigin(config, window.location);
    let leaving = false;
    const onUnauthorized = () => {
      if (PUBLIC_PATHS.includes(pathnameRef.current) || leaving) return;
      leaving = true;
      // A full page load: nothing of the ended session (cache, socket, requests in flight) outlives it.
      const here = `${window.location.pathname}${window.location.search}`;
      window.location.replace(`/sign-in?next=${encodeURIComponent(here)}`);
    };
    const api = createApiClient({ baseUrl: apiOrigin, onUnauthorized });
    return { api, apiOrigin, onUnauthorized };
    // pathname is read through pathnameRef, so the client is not rebuilt on every navigation.
  }, [config.apiUrl, config.apiPort]); // eslint-disable-line react-hooks/exhaustive-deps
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi needs an <ApiProvider> above it');
  return value;
}
