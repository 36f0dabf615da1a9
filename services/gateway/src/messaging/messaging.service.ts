import { Injectable } from '@nestjs/common';
import { messagingRpc } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import {
  type AddMembersDto,
  type ConversationListQueryDto,
  type CreateConversationDto,
  type EditMessageDto,
  type EventsQueryDto,
  type MarkReadDto,
  type MessageListQueryDto,
  type MessageSearchQueryDto,
  type NotificationListQueryDto,
  type SendMessageDto,
  type UpdateConversationDto,
} from './messaging.dtos';

/**
 * The caller's chat: every call names the caller, and the messaging service answers 404 for a conversation
 * they are not a member of exactly like for one that does not exist.
 */
@Injectable()
export class MessagingService {
  constructor(private readonly rpc: RedisStreamsClient) {}

  // ---- conversations and members ----

  createConversation(userId: string, body: CreateConversationDto, idempotencyKey: string | undefined) {
    return this.rpc.call(
      messagingRpc.createConversation,
      { ...body, userId, idempotencyKey },
      { actor: userId },
    );
  }

  listConversations(userId: string, query: ConversationListQueryDto) {
    return this.rpc.call(messagingRpc.listConversations, { ...query, userId }, { actor: userId });
  }

  getConversation(userId: string, conversationId: string) {
    return this.rpc.call(messagingRpc.getConversation, { userId, conversationId }, { actor: userId });
  }

  updateConversation(userId: string, conversationId: string, changes: UpdateConversationDto) {
    return this.rpc.call(
      messagingRpc.updateConversation,
      { ...changes, userId, conversationId },
      { actor: userId },
    );
  }

  addMembers(userId: string, conversationId: string, body: AddMembersDto) {
    return this.rpc.call(messagingRpc.addMembers, { ...body, userId, conversationId }, { actor: userId });
  }

  async removeMember(userId: string, conversationId: string, memberUserId: string): Promise<void> {
    await this.rpc.call(
      messagingRpc.removeMember,
      { userId, conversationId, memberUserId },
      { actor: userId },
    );
  }

  // ---- messages and reactions ----

  sendMessage(
    userId: string,
    conversationId: string,
    message: SendMessageDto,
    idempotencyKey: string | undefined,
  ) {
    return this.rpc.call(
      messagingRpc.sendMessage,
      { ...message, userId, conversationId, idempotencyKey },
      { actor: userId },
    );
  }

  listMessages(userId: string, conversationId: string, query: MessageListQueryDto) {
    return this.rpc.call(messagingRpc.listMessages, { ...query, userId, conversationId }, { actor: userId });
  }

  editMessage(userId: string, messageId: string, change: EditMessageDto) {
    return this.rpc.call(messagingRpc.editMessage, { ...change, userId, messageId }, { actor: userId });
  }

  async deleteMessage(userId: string, messageId: string): Promise<void> {
    await this.rpc.call(messagingRpc.deleteMessage, { userId, messageId }, { actor: userId });
  }

  addReaction(userId: string, messageId: string, emoji: string) {
    return this.rpc.call(messagingRpc.addReaction, { userId, messageId, emoji }, { actor: userId });
  }

  removeReaction(userId: string, messageId: string, emoji: string) {
    return this.rpc.call(messagingRpc.removeReaction, { userId, messageId, emoji }, { actor: userId });
  }

  searchMessages(userId: string, { q, ...query }: MessageSearchQueryDto) {
    return this.rpc.call(messagingRpc.searchMessages, { ...query, query: q, userId }, { actor: userId });
  }

  // ---- read markers and resync ----

  markRead(userId: string, conversationId: string, { seq }: MarkReadDto) {
    return this.rpc.call(messagingRpc.markRead, { seq, userId, conversationId }, { actor: userId });
  }

  conversationEvents(userId: string, conversationId: string, query: EventsQueryDto) {
    return this.rpc.call(
      messagingRpc.conversationEvents,
      { ...query, userId, conversationId },
      { actor: userId },
    );
  }

  // ---- notifications ----

  listNotifications(userId: string, query: NotificationListQueryDto) {
    return this.rpc.call(messagingRpc.listNotifications, { ...query, userId }, { actor: userId });
  }

  markNotificationRead(userId: string, id: string) {
    return this.rpc.call(messagingRpc.markNotificationRead, { userId, id }, { actor: userId });
  }

  markAllNotificationsRead(userId: string) {
    return this.rpc.call(messagingRpc.markAllNotificationsRead, { userId }, { actor: userId });
  }
}
