'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { markConversationRead } from './conversations-query';

/** At most one read-marker request per this interval; the last seq seen wins. */
const READ_MARKER_THROTTLE_MS = 1_500;

function tabIsWatched(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** Whether the person is looking at this tab (visible and focused), kept current. */
function useTabWatched(): boolean {
  const [watched, setWatched] = useState(false);
  useEffect(() => {
    const update = () => setWatched(tabIsWatched());
    update();
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    document.addEventListener('visibilitychange', update);
    return () => {
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
      document.removeEventListener('visibilitychange', update);
    };
  }, []);
  return watched;
}

/**
 * Moves the person's read marker to the newest message shown while they look at the conversation: the
 * cached list and nav badge drop the unread count at once, and the server hears of it right away, then at
 * most once per READ_MARKER_THROTTLE_MS. Markers only move forward, so a lost or repeated request costs
 * nothing.
 */
export function useReadMarker(conversationId: string, newestSeq: number, alreadyRead: number): void {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const watched = useTabWatched();
  const sent = useRef(alreadyRead);
  const lastSentAt = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(newestSeq);
  latest.current = newestSeq;

  useEffect(() => {
    sent.current = Math.max(sent.current, alreadyRead);
  }, [alreadyRead]);

  useEffect(() => {
    if (!watched || newestSeq <= sent.current) return;
    markConversationRead(queryClient, conversationId, newestSeq);
    if (timer.current !== undefined) return;
    const flush = () => {
      timer.current = undefined;
      const seq = latest.current;
      if (seq <= sent.current || !tabIsWatched()) return;
      sent.current = seq;
      lastSentAt.current = Date.now();
      unwrap(
        api.POST('/api/v1/conversations/{id}/read', {
          params: { path: { id: conversationId } },
          body: { seq },
        }),
      ).catch(() => {
        // Another try follows with the next message or focus.
        sent.current = 0;
      });
    };
    const wait = lastSentAt.current + READ_MARKER_THROTTLE_MS - Date.now();
    timer.current = window.setTimeout(flush, Math.max(0, wait));
  }, [api, queryClient, conversationId, newestSeq, watched]);

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      timer.current = undefined;
    },
    [conversationId],
  );
}
