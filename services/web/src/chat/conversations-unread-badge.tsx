'use client';

import { conversationsOf, useConversations, useConversationsLiveUpdates } from './conversations-query';
import { UnreadBadge } from './unread-badge';

/** Unread messages across the person's conversations, for the Chat link in the navigation. */
export function ConversationsUnreadBadge() {
  const conversations = useConversations();
  useConversationsLiveUpdates();
  const total = conversationsOf(conversations.data).reduce(
    (sum, conversation) => sum + conversation.unreadCount,
    0,
  );
  if (total === 0) return null;
  return <UnreadBadge count={total} />;
}
