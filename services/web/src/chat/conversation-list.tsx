'use client';

import Link from 'next/link';
import { personName } from '../session/person-name';
import { useSession } from '../session/session-context';
import { LoadingState } from '../ui/loading-state';
import { ProblemAlert } from '../ui/problem-alert';
import type { Conversation } from './chat-types';
import {
  conversationName,
  conversationsOf,
  directPartner,
  useConversations,
  useConversationsLiveUpdates,
} from './conversations-query';
import { PresenceDot, usePresence } from './presence';
import { UnreadBadge } from './unread-badge';

/** The person's conversations, most recently active first, each a link to its view. */
export function ConversationList({ selectedId }: { selectedId?: string }) {
  const { user } = useSession();
  const conversations = useConversations();
  useConversationsLiveUpdates();
  const all = conversationsOf(conversations.data);
  const partners = all.flatMap((conversation) => directPartner(conversation, user.id)?.userId ?? []);
  const presence = usePresence(partners);

  if (conversations.isPending) return <LoadingState label="Loading conversations" />;
  if (conversations.error) {
    return <ProblemAlert error={conversations.error} onRetry={() => void conversations.refetch()} />;
  }
  if (all.length === 0) return <p className="muted">No conversations yet.</p>;
  return (
    <>
      <ul className="conversation-list" aria-label="Conversations">
        {all.map((conversation) => {
          const partner = directPartner(conversation, user.id);
          return (
            <li key={conversation.id}>
              <Link
                href={`/chat/${conversation.id}`}
                className="conversation-link"
                aria-current={conversation.id === selectedId ? 'page' : undefined}
              >
                {partner && <PresenceDot status={presence[partner.userId]} name={personName(partner)} />}
                <span className="conversation-text">
                  <span className="conversation-name">{conversationName(conversation, user.id)}</span>
                  <LastMessagePreview conversation={conversation} myUserId={user.id} />
                </span>
                {conversation.unreadCount > 0 && <UnreadBadge count={conversation.unreadCount} />}
              </Link>
            </li>
          );
        })}
      </ul>
      {conversations.hasNextPage && (
        <button
          type="button"
          onClick={() => void conversations.fetchNextPage()}
          disabled={conversations.isFetchingNextPage}
        >
          {conversations.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}

/** The newest message's start, who said it in groups, or that it was deleted. */
function LastMessagePreview({ conversation, myUserId }: { conversation: Conversation; myUserId: string }) {
  const message = conversation.lastMessage;
  if (!message) return <span className="conversation-preview muted">No messages yet</span>;
  const mine = message.senderId === myUserId;
  const senderMember = conversation.members.find((member) => member.userId === message.senderId);
  const sender = mine ? 'You' : senderMember ? personName(senderMember) : 'Former member';
  return (
    <span className="conversation-preview muted">
      {conversation.type === 'group' || mine ? `${sender}: ` : ''}
      {message.deletedAt ? 'Message deleted' : message.body}
    </span>
  );
}
