'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Replaces the page with `target` once `condition` holds (decisions the server page could not make). */
export function useRedirectWhen(condition: boolean, target: string): void {
  const router = useRouter();
  useEffect(() => {
    if (condition) router.replace(target);
  }, [condition, target, router]);
}
