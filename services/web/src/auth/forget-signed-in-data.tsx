'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** On the signed-out pages nothing the last person loaded may stay in memory (a Back press would show it). */
export function ForgetSignedInData() {
  const queryClient = useQueryClient();
  useEffect(() => {
    queryClient.clear();
  }, [queryClient]);
  return null;
}
