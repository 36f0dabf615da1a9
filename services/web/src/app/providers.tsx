'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiProvider } from '../api/api-context';
import { ApiProblem } from '../api/problem';

/** Refusals (4xx) are answers, not glitches: only unreachable servers and 5xx are retried. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiProblem && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function Providers({
  config,
  children,
}: {
  config: { apiUrl: string | null; apiPort: string };
  children: ReactNode;
}) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: true },
          mutations: { retry: false },
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <ApiProvider config={config}>{children}</ApiProvider>
    </QueryClientProvider>
  );
}
