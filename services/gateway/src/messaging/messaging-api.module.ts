import { Module } from '@nestjs/common';
import { ConversationMembersController } from './conversation-members.controller';
import { ConversationMessagesController } from './conversation-messages.controller';
import { ConversationSyncController } from './conversation-sync.controller';
import { ConversationsController } from './conversations.controller';
import { MessageReactionsController } from './message-reactions.controller';
import { MessageSearchController } from './message-search.controller';
import { MessagesController } from './messages.controller';
import { MessagingService } from './messaging.service';
import { NotificationsController } from './notifications.controller';

/** The chat REST API: conversations, members, messages, reactions, read markers, resync and notifications. */
@Module({
  controllers: [
    ConversationsController,
    ConversationMembersController,
    ConversationMessagesController,
    ConversationSyncController,
    // Before MessagesController, so the static `messages/search` is declared ahead of `messages/:id`.
    MessageSearchController,
    MessagesController,
    MessageReactionsController,
    NotificationsController,
  ],
  providers: [MessagingService],
  exports: [MessagingService],
})
export class MessagingApiModule {}
