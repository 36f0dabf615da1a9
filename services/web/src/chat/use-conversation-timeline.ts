'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { Socket } from 'socket.io-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { problemOf } from '../api/problem';
import { useLiveSocket, useReconnected } from '../live/live-socket';
import { useSession } from '../session/session-context';
import type { Message, RoomEvent, SocketAck } from './chat-types';
import { ROOM_EVENT_TYPES } from './chat-types';
import { ConversationTimeline, type TimelineItem } from './conversation-timeline';
import { newIdempotencyKey } from '../api/idempotency-key';

/** How long a socket acknowledgement may take before the REST fallback is used. */
const ACK_TIMEOUT_MS = 8_000;
const HISTORY_PAGE_SIZE = 50;
/** Resync rounds per trigger: each asks from the new lastSeq while the server says there is more. */
const MAX_RESYNC_ROUNDS = 20;

interface EventsPage {
  events: RoomEvent[];
  hasMore: boolean;
}

export interface ConversationTimelineState {
  items: TimelineItem[];
  /** The first page of history is loading / failed. */
  loading: boolean;
  error: unknown;
  retry: () => void;
  hasEarlier: boolean;
  loadEarlier: () => void;
  loadingEarlier: boolean;
  earlierError: unknown;
  newestMessageSeq: number;
  send: (body: string) => void;
  retrySend: (clientId: string) => void;
  /** Applies a message an edit/delete/reaction request answered with. */
  replace: (message: Message) => void;
}

/**
 * A conversation's messages kept current: the newest history page over REST, live room events through the
 * socket, resync (socket, REST fallback) on a gap or after a reconnect, and sends with pending bubbles.
 */
export function useConversationTimeline(conversationId: string): ConversationTimelineState {
  const { api } = useApi();
  const { socket } = useLiveSocket();
  const { user } = useSession();
  const timeline = useMemo(() => new ConversationTimeline(conversationId), [conversationId]);
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [hasEarlier, setHasEarlier] = useState(false);
  const [historyLoaded, setHistoryLoaded] = useState(false);
  const ready = useRef(false);
  const resyncing = useRef<Promise<void> | null>(null);
  const resyncAgain = useRef(false);

  const render = useCallback(() => setItems(timeline.items()), [timeline]);
  useEffect(() => {
    ready.current = false;
    render();
  }, [timeline, render]);

  const fetchEventsAfter = useCallback(
    async (afterSeq: number): Promise<EventsPage> => {
      if (socket?.connected) {
        try {
          const ack = await askServer<EventsPage>(socket, 'resync', { conversationId, afterSeq });
          if (ack.ok) return ack;
        } catch {
          // No acknowledgement in time: ask over REST instead.
        }
      }
      return unwrap(
        api.GET('/api/v1/conversations/{id}/events', {
          params: { path: { id: conversationId }, query: { afterSeq: String(afterSeq) } },
        }),
      );
    },
    [api, socket, conversationId],
  );

  const resync = useCallback((): Promise<void> => {
    if (!ready.current) return Promise.resolve();
    if (resyncing.current) {
      resyncAgain.current = true;
      return resyncing.current;
    }
    const run = async () => {
      try {
        for (let round = 0; round < MAX_RESYNC_ROUNDS; round += 1) {
          resyncAgain.current = false;
          const page = await fetchEventsAfter(timeline.lastSeq);
          const result = timeline.merge(page.events);
          render();
          if (!page.hasMore && !result.gap && !resyncAgain.current) break;
          if (page.events.length === 0 && !resyncAgain.current) break;
        }
      } catch {
        // The next event, gap or reconnect tries again; live events keep flowing meanwhile.
      } finally {
        resyncing.current = null;
      }
    };
    resyncing.current = run();
    return resyncing.current;
  }, [fetchEventsAfter, timeline, render]);

  const newest = useQuery({
    queryKey: ['chat', 'messages', conversationId, 'newest'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/conversations/{id}/messages', {
          params: { path: { id: conversationId }, query: { limit: HISTORY_PAGE_SIZE } },
        }),
      ),
    staleTime: Infinity,
    gcTime: 0,
    // Read once: afterwards the log resync keeps it current, so the shell's invalidate-all after a
    // reconnect must not fetch the page again.
    enabled: !historyLoaded,
  });

  useEffect(() => {
    if (!newest.data || ready.current) return;
    timeline.addHistory(newest.data.items);
    // From the page itself, not the timeline: a send confirmed before the page arrived must not move the
    // position past other people's events in between.
    timeline.track(Math.max(0, ...newest.data.items.map((message) => message.seq)));
    setHasEarlier(newest.data.nextCursor !== null);
    setHistoryLoaded(true);
    ready.current = true;
    render();
    // Whatever happened after the page was read (reactions, edits, newer messages) comes from the log.
    void resync();
  }, [newest.data, timeline, render, resync]);

  useEffect(() => {
    if (!socket) return;
    const listener = (event: RoomEvent) => {
      if (event.conversationId !== conversationId) return;
      const change = timeline.accept(event);
      if (change.applied.length > 0) render();
      if (change.outcome === 'gap') void resync();
    };
    for (const type of ROOM_EVENT_TYPES) socket.on(type, listener);
    return () => {
      for (const type of ROOM_EVENT_TYPES) socket.off(type, listener);
    };
  }, [socket, conversationId, timeline, render, resync]);

  useReconnected(() => void resync());

  const earlier = useMutation({
    mutationFn: () =>
      unwrap(
        api.GET('/api/v1/conversations/{id}/messages', {
          params: {
            path: { id: conversationId },
            query: { limit: HISTORY_PAGE_SIZE, before: String(timeline.oldestMessageSeq ?? 0) },
          },
        }),
      ),
    onSuccess: (page) => {
      timeline.addHistory(page.items);
      setHasEarlier(page.nextCursor !== null);
      render();
    },
  });

  const deliver = useCallback(
    async (clientId: string, body: string) => {
      let message: Message | undefined;
      if (socket?.connected) {
        try {
          const ack = await askServer<{ message: Message }>(socket, 'message:send', {
            conversationId,
            body,
            clientId,
          });
          if (ack.ok) message = ack.message;
          else if (!isWorthRetrying(ack.error)) {
            timeline.markFailed(clientId, ack.error.detail ?? ack.error.title);
            render();
            return;
          }
        } catch {
          // The ack timed out: the message may or may not be stored; the same clientId makes REST safe.
        }
      }
      try {
        message ??= (
          await unwrap(
            api.POST('/api/v1/conversations/{id}/messages', {
              params: { path: { id: conversationId } },
              body: { body, clientId },
            }),
          )
        ).message;
        timeline.confirm(message);
      } catch (error) {
        timeline.markFailed(clientId, problemOf(error).detail);
      }
      render();
    },
    [api, socket, conversationId, timeline, render],
  );

  const send = useCallback(
    (body: string) => {
      const clientId = newIdempotencyKey();
      timeline.addPending({ clientId, body, senderId: user.id, createdAt: new Date().toISOString() });
      render();
      void deliver(clientId, body);
    },
    [timeline, user.id, render, deliver],
  );

  const retrySend = useCallback(
    (clientId: string) => {
      const pending = timeline
        .items()
        .find((item) => item.kind === 'pending' && item.pending.clientId === clientId);
      if (pending?.kind !== 'pending') return;
      timeline.markRetrying(clientId);
      render();
      void deliver(clientId, pending.pending.body);
    },
    [timeline, render, deliver],
  );

  const replace = useCallback(
    (message: Message) => {
      timeline.replace(message);
      render();
    },
    [timeline, render],
  );

  return {
    items,
    loading: newest.isPending,
    error: newest.error,
    retry: () => void newest.refetch(),
    hasEarlier,
    loadEarlier: () => earlier.mutate(),
    loadingEarlier: earlier.isPending,
    earlierError: earlier.error,
    newestMessageSeq: timeline.newestMessageSeq,
    send,
    retrySend,
    replace,
  };
}

/** A client → server event and its acknowledgement; rejects when none arrives within ACK_TIMEOUT_MS. */
async function askServer<T>(socket: Socket, event: string, payload: object): Promise<SocketAck<T>> {
  return (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as SocketAck<T>;
}

/** Server trouble and rate limits are worth one REST attempt; a refused message (400, 403, 404) is not. */
function isWorthRetrying(error: { status?: number }): boolean {
  const status = error.status ?? 500;
  return status >= 500 || status === 429;
}
