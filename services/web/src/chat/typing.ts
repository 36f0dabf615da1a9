'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveEvent, useLiveSocket } from '../live/live-socket';
import type { RoomEventOf, TypingEvent } from './chat-types';

/** At most one `typing: true` per this interval while the person keeps typing. */
const TYPING_THROTTLE_MS = 2_000;
/** Silence after which the person counts as no longer typing. */
const TYPING_IDLE_MS = 3_000;
/** A `typing: true` we were told of expires after this, in case its `false` was lost. */
const TYPING_EXPIRY_MS = 5_000;

/** Tells the other members that the person is typing: throttled, and stopped on send, blur or idle. */
export function useTypingSignal(conversationId: string): { typed: () => void; stopped: () => void } {
  const { socket } = useLiveSocket();
  const lastSent = useRef(0);
  const idleTimer = useRef<number | undefined>(undefined);
  const typing = useRef(false);

  const emit = useCallback(
    (value: boolean) => {
      if (socket?.connected) socket.emit('typing', { conversationId, typing: value }, () => undefined);
    },
    [socket, conversationId],
  );

  const stopped = useCallback(() => {
    window.clearTimeout(idleTimer.current);
    if (!typing.current) return;
    typing.current = false;
    lastSent.current = 0;
    emit(false);
  }, [emit]);

  const typed = useCallback(() => {
    const now = Date.now();
    if (now - lastSent.current >= TYPING_THROTTLE_MS) {
      lastSent.current = now;
      typing.current = true;
      emit(true);
    }
    window.clearTimeout(idleTimer.current);
    idleTimer.current = window.setTimeout(stopped, TYPING_IDLE_MS);
  }, [emit, stopped]);

  useEffect(() => stopped, [stopped]);
  return { typed, stopped };
}

/** Who else is typing in the conversation now (user ids), from `typing` events that expire on their own. */
export function useTypingUsers(conversationId: string): string[] {
  const [typingUntil, setTypingUntil] = useState<Record<string, number>>({});

  useLiveEvent<TypingEvent>('typing', (event) => {
    if (event.conversationId !== conversationId) return;
    setTypingUntil((current) => {
      const next = { ...current };
      if (event.typing) next[event.userId] = Date.now() + TYPING_EXPIRY_MS;
      else delete next[event.userId];
      return next;
    });
  });

  // A message from someone ends their typing even if their `typing: false` is still on its way.
  useLiveEvent<RoomEventOf<'message:created'>>('message:created', (event) => {
    if (event.conversationId !== conversationId) return;
    setTypingUntil((current) => {
      if (!(event.message.senderId in current)) return current;
      const next = { ...current };
      delete next[event.message.senderId];
      return next;
    });
  });

  const hasAny = Object.keys(typingUntil).length > 0;
  useEffect(() => {
    if (!hasAny) return;
    const timer = window.setInterval(() => {
      const now = Date.now();
      setTypingUntil((current) => {
        const live = Object.entries(current).filter(([, until]) => until > now);
        return live.length === Object.keys(current).length ? current : Object.fromEntries(live);
      });
    }, 1_000);
    return () => window.clearInterval(timer);
  }, [hasAny]);

  useEffect(() => setTypingUntil({}), [conversationId]);
  return Object.keys(typingUntil);
}

/** "Alice is typing…", "Alice and Bob are typing…", "3 people are typing…". */
export function typingSentence(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
