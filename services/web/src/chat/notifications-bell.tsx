'use client';

import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import type { Schemas } from '../api/api-types';
import { useLiveEvent } from '../live/live-socket';
import { LoadingState } from '../ui/loading-state';
import { ProblemAlert } from '../ui/problem-alert';
import { TimeLabel } from '../ui/time-label';
import type { ChatNotification, NotificationEvent } from './chat-types';
import { UnreadBadge } from './unread-badge';
import './chat.css';

const NOTIFICATIONS_QUERY_KEY = ['chat', 'notifications'] as const;
type NotificationPages = InfiniteData<Schemas['NotificationPageDto_Output'], string | undefined>;

const KIND_LABEL: Record<ChatNotification['kind'], string> = {
  mentioned: 'Mentioned you',
  direct_message: 'Direct message',
  added_to_conversation: 'Added you to a conversation',
};

/** The header's bell: unread count, a panel of notifications, live ones prepended, desktop alerts opt-in. */
export function NotificationsBell() {
  const { api } = useApi();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const notifications = useInfiniteQuery({
    queryKey: NOTIFICATIONS_QUERY_KEY,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: 20, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const unread = notifications.data?.pages[0]?.unreadCount ?? 0;
  const items = notifications.data?.pages.flatMap((page) => page.items) ?? [];

  useLiveEvent<NotificationEvent>('notification', ({ notification }) => {
    queryClient.setQueryData<NotificationPages>(NOTIFICATIONS_QUERY_KEY, (data) => {
      if (!data || data.pages.some((page) => page.items.some((item) => item.id === notification.id)))
        return data;
      const [first, ...rest] = data.pages;
      return {
        ...data,
        pages: [
          { ...first, items: [notification, ...first.items], unreadCount: first.unreadCount + 1 },
          ...rest,
        ],
      };
    });
    showDesktopNotification(notification, () => router.push(`/chat/${notification.conversationId}`));
  });

  const markRead = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY }),
  });

  // Closes on Escape and on a click outside, returning focus to the bell for Escape.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      container.current?.querySelector<HTMLButtonElement>('.bell-button')?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const openNotification = (notification: ChatNotification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    setOpen(false);
    router.push(`/chat/${notification.conversationId}`);
  };

  return (
    <div className="notifications" ref={container}>
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        Notifications
        {unread > 0 && <UnreadBadge count={unread} />}
      </button>
      {open && (
        <div className="notifications-panel card" id={panelId} role="region" aria-label="Notifications">
          <DesktopNotificationsToggle />
          {notifications.isPending && <LoadingState label="Loading notifications" />}
          <ProblemAlert error={notifications.error} onRetry={() => void notifications.refetch()} />
          {notifications.data && items.length === 0 && <p className="muted">Nothing new.</p>}
          <ul className="notifications-list">
            {items.map((notification) => (
              <li key={notification.id}>
                <button
                  type="button"
                  className={notification.readAt ? 'notification read' : 'notification'}
                  onClick={() => openNotification(notification)}
                >
                  <strong>{KIND_LABEL[notification.kind]}</strong>
                  {!notification.readAt && <span className="visually-hidden"> (unread)</span>}
                  <span className="notification-preview">{notification.preview}</span>
                  <span className="muted">
                    <TimeLabel value={notification.createdAt} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {notifications.hasNextPage && (
            <button
              type="button"
              onClick={() => void notifications.fetchNextPage()}
              disabled={notifications.isFetchingNextPage}
            >
              {notifications.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
          <ProblemAlert error={markRead.error} />
        </div>
      )}
    </div>
  );
}

/** Permission is asked for only from this button (a user gesture), never on page load. */
function DesktopNotificationsToggle() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>('unsupported');
  useEffect(() => {
    setPermission('Notification' in window ? Notification.permission : 'unsupported');
  }, []);
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      className="link"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      Enable desktop notifications
    </button>
  );
}

/** A system notification while the tab is hidden, if the person allowed them. */
function showDesktopNotification(notification: ChatNotification, onClick: () => void): void {
  if (!('Notification' in window) || Notification.permission !== 'granted' || !document.hidden) return;
  const shown = new Notification(KIND_LABEL[notification.kind], {
    body: notification.preview,
    tag: notification.id,
  });
  shown.onclick = () => {
    window.focus();
    onClick();
    shown.close();
  };
}
