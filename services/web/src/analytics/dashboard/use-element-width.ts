'use client';

import { type RefObject, useEffect, useRef, useState } from 'react';

/**
 * The rendered width of an element, kept current with a ResizeObserver, so charts draw at real pixel
 * size (legible labels at 375 px) instead of scaling one fixed drawing down.
 */
export function useElementWidth<Element extends HTMLElement>(
  fallback: number,
): [RefObject<Element | null>, number] {
  const ref = useRef<Element>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
