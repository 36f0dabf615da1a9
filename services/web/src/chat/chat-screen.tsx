'use client';

import Link from 'next/link';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';
import { NewConversation } from './new-conversation';
import './chat.css';

/** /chat and /chat/[conversationId]: the conversation list beside the open conversation. */
export function ChatScreen({ conversationId }: { conversationId?: string }) {
  return (
    <div className={conversationId ? 'chat-screen has-selection' : 'chat-screen'}>
      <div className="page-header">
        <h1>Chat</h1>
        <NewConversation />
      </div>
      <div className="chat-columns">
        <aside className="chat-sidebar" aria-label="Conversations">
          <ConversationList selectedId={conversationId} />
        </aside>
        <div className="chat-main">
          {conversationId ? (
            <>
              <Link href="/chat" className="chat-back link">
                ← All conversations
              </Link>
              <ConversationView conversationId={conversationId} />
            </>
          ) : (
            <p className="muted chat-empty">Choose a conversation, or start a new one.</p>
          )}
        </div>
      </div>
    </div>
  );
}
