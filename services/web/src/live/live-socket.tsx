'use client';

import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useApi } from '../api/api-context';

export type LiveStatus = 'connecting' | 'online' | 'offline';

interface LiveSocketValue {
  socket: Socket | null;
  status: LiveStatus;
}

const LiveSocketContext = createContext<LiveSocketValue>({ socket: null, status: 'connecting' });

/**
 * One Socket.IO connection per tab to the gateway, authenticated by the session cookie at the handshake.
 * WebSocket only (the gateway needs no sticky sessions); socket.io-client reconnects with backoff, and
 * {@link useReconnected} lets views resync what they missed while offline.
 */
export function LiveSocketProvider({
  children,
  onSessionEnded,
}: {
  children: ReactNode;
  /** The gateway ended this session (`session:revoked` with its reason, or a refused handshake). */
  onSessionEnded: (reason: string) => void;
}) {
  const { apiOrigin } = useApi();
  const [value, setValue] = useState<LiveSocketValue>({ socket: null, status: 'connecting' });
  const endedRef = useRef(onSessionEnded);
  endedRef.current = onSessionEnded;

  useEffect(() => {
    const socket = io(apiOrigin, {
      path: '/socket.io',
      transports: ['websocket'],
      withCredentials: true,
      reconnectionDelay: 500,
      // Back within a few seconds of an outage: missed events are fetched again on reconnect anyway.
      reconnectionDelayMax: 5_000,
    });
    setValue({ socket, status: 'connecting' });
    const online = () => setValue({ socket, status: 'online' });
    const offline = () => setValue({ socket, status: socket.active ? 'connecting' : 'offline' });
    socket.on('connect', online);
    socket.on('disconnect', offline);
    socket.on('connect_error', (error) => {
      offline();
      // The handshake refused our cookie: the session is gone.
      if (error.message === 'unauthorized') endedRef.current('expired');
    });
    socket.on('session:revoked', (event: { reason?: string } | undefined) =>
      endedRef.current(event?.reason ?? 'revoked'),
    );
    // Keeps presence "online" while the tab is open (the gateway expires presence without pings).
    const ping = window.setInterval(() => {
      if (socket.connected) socket.emit('presence:ping', () => undefined);
    }, 30_000);
    return () => {
      window.clearInterval(ping);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [apiOrigin]);

  return <LiveSocketContext.Provider value={value}>{children}</LiveSocketContext.Provider>;
}

export function useLiveSocket(): LiveSocketValue {
  return useContext(LiveSocketContext);
}

/** Subscribes `handler` to a server event for as long as the component is mounted. */
export function useLiveEvent<Payload>(event: string, handler: (payload: Payload) => void): void {
  const { socket } = useLiveSocket();
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = (payload: Payload) => handlerRef.current(payload);
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}

/** Runs `handler` every time the socket connects again after having been connected (not on the first). */
export function useReconnected(handler: () => void): void {
  const { socket } = useLiveSocket();
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useEffect(() => {
    if (!socket) return;
    let connectedBefore = socket.connected;
    const listener = () => {
      if (connectedBefore) handlerRef.current();
      connectedBefore = true;
    };
    socket.on('connect', listener);
    return () => {
      socket.off('connect', listener);
    };
  }, [socket]);
}
