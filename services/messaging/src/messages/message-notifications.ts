import { type ConversationType, type MemberView, type MessageView } from '@tracera/contracts';
import { type NotificationItem, previewOf } from '../notifications/notification-writer';

/** `mentioned` for each of `userIds` but the sender (who never notifies themselves). */
export function mentionNotifications(message: MessageView, userIds: readonly string[]): NotificationItem[] {
  return userIds
    .filter((userId) => userId !== message.senderId)
    .map((userId) => ({
      userId,
      kind: 'mentioned',
      conversationId: message.conversationId,
      messageId: message.id,
      actorId: message.senderId,
      preview: previewOf(message.body),
    }));
}

/**
 * Who hears about a new message: in a direct conversation the other member (`direct_message`, which the
 * writer coalesces while one is unread) and nobody else; in a group each mentioned member.
 */
export function newMessageNotifications(
  conversationType: ConversationType,
  members: readonly MemberView[],
  message: MessageView,
): NotificationItem[] {
  if (conversationType === 'group') return mentionNotifications(message, message.mentions);
  return mentionNotifications(
    message,
    members.map((member) => member.userId),
  ).map((item) => ({ ...item, kind: 'direct_message' }));
}
