'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useLayoutEffect, useRef } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { useLiveEvent } from '../live/live-socket';
import { personName } from '../session/person-name';
import { useSession } from '../session/session-context';
import { LoadingState } from '../ui/loading-state';
import { ProblemAlert } from '../ui/problem-alert';
import type { Conversation, RoomEvent } from './chat-types';
import type { TimelineItem } from './conversation-timeline';
import { conversationName, directPartner } from './conversations-query';
import { MessageComposer } from './message-composer';
import { MessageItem, PendingItem } from './message-item';
import { PresenceDot, usePresence } from './presence';
import { useReadMarker } from './read-marker';
import { typingSentence, useTypingUsers } from './typing';
import { useConversationTimeline } from './use-conversation-timeline';

const conversationQueryKey = (id: string) => ['chat', 'conversation', id] as const;

/** One conversation: its name and presence, the message log, who is typing, and the composer. */
export function ConversationView({ conversationId }: { conversationId: string }) {
  const { api } = useApi();
  const queryClient = useQueryClient();
  const conversation = useQuery({
    queryKey: conversationQueryKey(conversationId),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/conversations/{id}', { params: { path: { id: conversationId } } })))
        .conversation,
  });
  // Members and title come from the conversation itself, so its changes refetch it.
  const refetchIfOurs = (event: RoomEvent) => {
    if (event.conversationId === conversationId) {
      void queryClient.invalidateQueries({ queryKey: conversationQueryKey(conversationId) });
    }
  };
  useLiveEvent('member:added', refetchIfOurs);
  useLiveEvent('member:removed', refetchIfOurs);
  useLiveEvent('conversation:updated', refetchIfOurs);

  if (conversation.isPending) return <LoadingState label="Loading conversation" />;
  if (conversation.error) {
    return <ProblemAlert error={conversation.error} onRetry={() => void conversation.refetch()} />;
  }
  return <ConversationPanel key={conversationId} conversation={conversation.data} />;
}

function ConversationPanel({ conversation }: { conversation: Conversation }) {
  const { user } = useSession();
  const headingId = useId();
  const timeline = useConversationTimeline(conversation.id);
  useReadMarker(conversation.id, timeline.newestMessageSeq, conversation.lastReadSeq);
  const partner = directPartner(conversation, user.id);
  const presence = usePresence(partner ? [partner.userId] : []);
  const typingIds = useTypingUsers(conversation.id);
  const typingNames = typingIds.map((id) => {
    const member = conversation.members.find((candidate) => candidate.userId === id);
    return member ? personName(member) : 'Someone';
  });
  const name = conversationName(conversation, user.id);
  const viewer = { userId: user.id, username: user.username };

  return (
    <section className="conversation-panel" aria-labelledby={headingId}>
      <header className="conversation-header">
        {partner && <PresenceDot status={presence[partner.userId]} name={personName(partner)} />}
        <h2 id={headingId}>{name}</h2>
        {conversation.type === 'group' && (
          <span className="muted">{conversation.members.length} members</span>
        )}
      </header>
      <MessageLog items={timeline.items}>
        {timeline.hasEarlier && (
          <li className="load-earlier">
            <button type="button" onClick={timeline.loadEarlier} disabled={timeline.loadingEarlier}>
              {timeline.loadingEarlier ? 'Loading…' : 'Load earlier'}
            </button>
            <ProblemAlert error={timeline.earlierError} />
          </li>
        )}
        {timeline.loading && (
          <li>
            <LoadingState label="Loading messages" />
          </li>
        )}
        {Boolean(timeline.error) && (
          <li>
            <ProblemAlert error={timeline.error} onRetry={timeline.retry} />
          </li>
        )}
        {!timeline.loading && !timeline.error && timeline.items.length === 0 && (
          <li className="muted">No messages yet. Say hello!</li>
        )}
        {timeline.items.map((item) =>
          item.kind === 'message' ? (
            <MessageItem
              key={item.message.id}
              message={item.message}
              members={conversation.members}
              viewer={viewer}
              onChanged={timeline.replace}
            />
          ) : (
            <PendingItem
              key={item.pending.clientId}
              pending={item.pending}
              viewer={viewer}
              onRetry={timeline.retrySend}
            />
          ),
        )}
      </MessageLog>
      <p className="typing-line muted" aria-live="polite">
        {typingSentence(typingNames)}
      </p>
      <MessageComposer
        conversationId={conversation.id}
        members={conversation.members}
        myUserId={user.id}
        onSend={timeline.send}
      />
    </section>
  );
}

/**
 * The scrolling log: stays at the bottom while the reader is there (new messages come into view) and
 * keeps their place when earlier messages are added above.
 */
function MessageLog({ items, children }: { items: TimelineItem[]; children: React.ReactNode }) {
  const log = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previousHeight = useRef(0);
  const previousFirst = useRef<string | undefined>(undefined);

  useLayoutEffect(() => {
    const element = log.current;
    if (!element) return;
    const first = items[0]?.kind === 'message' ? items[0].message.id : undefined;
    const prepended = previousFirst.current !== undefined && first !== previousFirst.current;
    const last = items.at(-1);
    if (atBottom.current || last?.kind === 'pending') element.scrollTop = element.scrollHeight;
    else if (prepended) element.scrollTop += element.scrollHeight - previousHeight.current;
    previousHeight.current = element.scrollHeight;
    previousFirst.current = first;
  }, [items]);

  return (
    <div
      ref={log}
      className="message-log"
      role="log"
      aria-label="Messages"
      aria-live="polite"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      <ol className="message-list">{children}</ol>
    </div>
  );
}
