'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback } from 'react';

/** After sign-in or registration: nothing cached while signed out may outlive it, then on to the app. */
export function useFinishSignIn(): (next: string | null) => void {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(
    (next: string | null) => {
      queryClient.clear();
      router.replace(next ?? '/dashboard');
    },
    [queryClient, router],
  );
}
