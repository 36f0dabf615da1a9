import { Module } from '@nestjs/common';
import { ConversationEventsUseCase } from './conversation-log/conversation-events.use-case';
import { ConversationLog } from './conversation-log/conversation-log';
import { ConversationLogRepository } from './conversation-log/conversation-log.repository';
import { ConversationRoomsUseCase } from './conversations/conversation-rooms.use-case';
import { ConversationSummaries } from './conversations/conversation-summaries';
import { ConversationRepository } from './conversations/conversation.repository';
import { ConversationRpcController } from './conversations/conversation.rpc-controller';
import { CreateConversationUseCase } from './conversations/create-conversation.use-case';
import { GetConversationUseCase } from './conversations/get-conversation.use-case';
import { IdempotencyKeyRepository } from './conversations/idempotency-key.repository';
import { ListConversationsUseCase } from './conversations/list-conversations.use-case';
import { UpdateConversationUseCase } from './conversations/update-conversation.use-case';
import { DirectoryRepository } from './directory/directory.repository';
import { RecordUserUseCase } from './directory/record-user.use-case';
import { UserDirectory } from './directory/user-directory';
import { UserEventsController } from './directory/user-events.controller';
import { AddMembersUseCase } from './members/add-members.use-case';
import { MemberRepository } from './members/member.repository';
import { MemberRpcController } from './members/member.rpc-controller';
import { RemoveMemberUseCase } from './members/remove-member.use-case';
import { messagesParts } from './messages/messages.parts';
import { ListNotificationsUseCase } from './notifications/list-notifications.use-case';
import { MarkAllNotificationsReadUseCase } from './notifications/mark-all-notifications-read.use-case';
import { MarkNotificationReadUseCase } from './notifications/mark-notification-read.use-case';
import { NotificationWriter } from './notifications/notification-writer';
import { NotificationRepository } from './notifications/notification.repository';
import { NotificationRpcController } from './notifications/notification.rpc-controller';
import { MarkReadUseCase } from './read-markers/mark-read.use-case';
import { ReadMarkerRpcController } from './read-markers/read-marker.rpc-controller';

/** The messaging service's features: conversations, messages and notifications. Health, metrics, Redis and Postgres come from the platform. */
@Module({
  controllers: [
    ConversationRpcController,
    MemberRpcController,
    ReadMarkerRpcController,
    NotificationRpcController,
    UserEventsController,
    ...messagesParts.controllers,
  ],
  providers: [
    // Shared with the messages side (messagesParts): the log, members, summaries, notifications, directory.
    ConversationLogRepository,
    ConversationLog,
    ConversationRepository,
    ConversationSummaries,
    MemberRepository,
    DirectoryRepository,
    UserDirectory,
    NotificationRepository,
    NotificationWriter,
    IdempotencyKeyRepository,
    RecordUserUseCase,
    CreateConversationUseCase,
    ListConversationsUseCase,
    GetConversationUseCase,
    UpdateConversationUseCase,
    ConversationRoomsUseCase,
    AddMembersUseCase,
    RemoveMemberUseCase,
    MarkReadUseCase,
    ConversationEventsUseCase,
    ListNotificationsUseCase,
    MarkNotificationReadUseCase,
    MarkAllNotificationsReadUseCase,
    ...messagesParts.providers,
  ],
})
export class MessagingModule {}
