'use client';

import { type InfiniteData, type QueryClient, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import type { Schemas } from '../api/api-types';
import { useLiveEvent } from '../live/live-socket';
import { personName } from '../session/person-name';
import { useSession } from '../session/session-context';
import type { Conversation, Message, RoomEvent, RoomEventOf } from './chat-types';

export const CONVERSATIONS_QUERY_KEY = ['chat', 'conversations'] as const;

type ConversationPage = Schemas['ConversationPageDto_Output'];
type ConversationPages = InfiniteData<ConversationPage, string | undefined>;

/** The person's conversations, most recently active first (shared by the list and the nav badge). */
export function useConversations() {
  const { api } = useApi();
  return useInfiniteQuery({
    queryKey: CONVERSATIONS_QUERY_KEY,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/conversations', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Every conversation loaded so far, flattened. */
export function conversationsOf(data: { pages: ConversationPage[] } | undefined): Conversation[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

/**
 * Keeps the cached list current from room events (the user's sockets are in every conversation's room):
 * order, unread counts and the last-message previews. Idempotent: both the nav badge and the list mount
 * it, and an event only applies when its seq is newer than the cached `lastSeq` (which it then becomes).
 */
export function useConversationsLiveUpdates(): void {
  const queryClient = useQueryClient();
  const { user } = useSession();

  /** Applies `change` to the event's conversation once; an unknown conversation refetches the list. */
  const applyOnce = (event: RoomEvent, change: (conversation: Conversation) => Conversation): boolean => {
    const known = findConversation(queryClient, event.conversationId);
    if (!known) {
      void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_QUERY_KEY });
      return false;
    }
    if (event.seq <= known.lastSeq) return false;
    updateConversations(queryClient, (conversations) =>
      conversations.map((conversation) =>
        conversation.id === event.conversationId
          ? { ...change(conversation), lastSeq: event.seq }
          : conversation,
      ),
    );
    return true;
  };
  const unreadByOthers = (message: Message, conversation: Conversation) =>
    message.senderId !== user.id && message.seq > conversation.lastReadSeq;

  useLiveEvent<RoomEventOf<'message:created'>>('message:created', (event) => {
    const applied = applyOnce(event, (conversation) => ({
      ...conversation,
      lastMessageAt: event.message.createdAt,
      lastMessage: event.message,
      unreadCount: conversation.unreadCount + (unreadByOthers(event.message, conversation) ? 1 : 0),
    }));
    // The most recently active conversation goes first.
    if (applied) {
      updateConversations(queryClient, (conversations) => {
        const moved = conversations.filter((conversation) => conversation.id === event.conversationId);
        return [
          ...moved,
          ...conversations.filter((conversation) => conversation.id !== event.conversationId),
        ];
      });
    }
  });

  // An edit changes the preview when it is of the newest message.
  useLiveEvent<RoomEventOf<'message:updated'>>('message:updated', (event) =>
    applyOnce(event, (conversation) =>
      conversation.lastMessage?.id === event.message.id
        ? { ...conversation, lastMessage: event.message }
        : conversation,
    ),
  );

  // A deleted message no longer counts as unread, and the newest one's preview says it was deleted.
  useLiveEvent<RoomEventOf<'message:deleted'>>('message:deleted', (event) =>
    applyOnce(event, (conversation) => ({
      ...conversation,
      lastMessage:
        conversation.lastMessage?.id === event.message.id ? event.message : conversation.lastMessage,
      unreadCount: Math.max(
        0,
        conversation.unreadCount - (unreadByOthers(event.message, conversation) ? 1 : 0),
      ),
    })),
  );

  useLiveEvent<RoomEventOf<'read:updated'>>('read:updated', (event) => {
    if (event.userId !== user.id) return;
    // This tab marked it read further already (the request of an earlier message answering late).
    if ((findConversation(queryClient, event.conversationId)?.lastReadSeq ?? -1) >= event.lastReadSeq) return;
    if (!markConversationRead(queryClient, event.conversationId, event.lastReadSeq)) {
      void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_QUERY_KEY });
    }
  });

  const refetchList = () => void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_QUERY_KEY });
  useLiveEvent('member:added', refetchList);
  useLiveEvent('member:removed', refetchList);
  useLiveEvent('conversation:updated', refetchList);
}

/**
 * Records in the cached list that the person has read the conversation up to `seq`, so the list and the
 * nav badge drop its unread count at once. False when the cache cannot tell the count (the conversation
 * is not loaded, or newer messages than `seq` are): the server's answer has to say.
 */
export function markConversationRead(queryClient: QueryClient, conversationId: string, seq: number): boolean {
  const known = findConversation(queryClient, conversationId);
  if (!known || seq < (known.lastMessage?.seq ?? 0)) return false;
  if (known.unreadCount === 0 && known.lastReadSeq >= seq) return true;
  updateConversations(queryClient, (conversations) =>
    conversations.map((conversation) =>
      conversation.id === conversationId
        ? { ...conversation, lastReadSeq: Math.max(conversation.lastReadSeq, seq), unreadCount: 0 }
        : conversation,
    ),
  );
  return true;
}

function findConversation(queryClient: QueryClient, conversationId: string): Conversation | undefined {
  const data = queryClient.getQueryData<ConversationPages>(CONVERSATIONS_QUERY_KEY);
  return conversationsOf(data).find((conversation) => conversation.id === conversationId);
}

/** Rewrites the loaded list as one array, keeping the page sizes (a moved item may change page). */
function updateConversations(
  queryClient: QueryClient,
  change: (conversations: Conversation[]) => Conversation[],
): void {
  queryClient.setQueryData<ConversationPages>(CONVERSATIONS_QUERY_KEY, (data) => {
    if (!data) return data;
    const all = change(conversationsOf(data));
    let offset = 0;
    const pages = data.pages.map((page) => {
      const items = all.slice(offset, offset + page.items.length);
      offset += page.items.length;
      return { ...page, items };
    });
    return { ...data, pages };
  });
}

/** How a conversation is named: its title, or the other person's display name for a direct one. */
export function conversationName(conversation: Conversation, myUserId: string): string {
  if (conversation.title) return conversation.title;
  const others = conversation.members.filter((member) => member.userId !== myUserId);
  if (others.length === 0) return 'Just you';
  return others.map(personName).join(', ');
}

/** The other person of a direct conversation. */
export function directPartner(conversation: Conversation, myUserId: string) {
  if (conversation.type !== 'direct') return undefined;
  return conversation.members.find((member) => member.userId !== myUserId);
}
