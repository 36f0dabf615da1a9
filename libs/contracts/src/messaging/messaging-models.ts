import { z } from 'zod';
import { isoTime } from '../auth/auth-fields';
import {
  attachmentTypeField,
  conversationTypeField,
  memberRoleField,
  notificationKindField,
  seqField,
} from './messaging-fields';

export const memberView = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  role: memberRoleField,
  joinedAt: isoTime,
});
export type MemberView = z.infer<typeof memberView>;

/** A conversation as every member sees it (no per-reader fields): what room events carry. */
export const conversationSummary = z.object({
  id: z.uuid(),
  type: conversationTypeField,
  /** Null for direct conversations (clients show the other person's name). */
  title: z.string().nullable(),
  createdBy: z.uuid(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Seq of the newest event of the conversation's log. */
  lastSeq: seqField,
  lastMessageAt: isoTime.nullable(),
  members: z.array(memberView),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

export const attachmentView = z.object({
  type: attachmentTypeField,
  id: z.uuid(),
  /** The item's title (file name for files) when the message was sent. */
  title: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;

export const reactionView = z.object({
  emoji: z.string(),
  count: z.number().int().min(1),
  userIds: z.array(z.uuid()),
});
export type ReactionView = z.infer<typeof reactionView>;

/** A message. A deleted message keeps its id and seq; body, attachments and reactions are emptied. */
export const messageView = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  /** Seq of the `message:created` event that added it. */
  seq: seqField,
  senderId: z.uuid(),
  body: z.string(),
  attachments: z.array(attachmentView),
  reactions: z.array(reactionView),
  /** Members named with `@username` in the body. */
  mentions: z.array(z.uuid()),
  clientId: z.string().nullable(),
  createdAt: isoTime,
  editedAt: isoTime.nullable(),
  deletedAt: isoTime.nullable(),
});
export type MessageView = z.infer<typeof messageView>;

/** A conversation as one member sees it: the summary plus that member's own state. */
export const conversationView = conversationSummary.extend({
  myRole: memberRoleField,
  /** Archived for this member only. */
  archived: z.boolean(),
  lastReadSeq: seqField,
  /** Messages after lastReadSeq that others sent and that are not deleted. */
  unreadCount: z.number().int().min(0),
  /** The newest message (deleted ones too, emptied), so a list can show a preview; null before the first. */
  lastMessage: messageView.nullable(),
});
export type ConversationView = z.infer<typeof conversationView>;

export const notificationView = z.object({
  id: z.uuid(),
  kind: notificationKindField,
  conversationId: z.uuid(),
  messageId: z.uuid().nullable(),
  /** Who caused it (the sender, or who added you). */
  actorId: z.uuid(),
  /** A short plain-text preview (the message start, or the conversation title). */
  preview: z.string(),
  createdAt: isoTime,
  readAt: isoTime.nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

// ---- room events ------------------------------------------------------------------------------------
// Every change of a conversation is one event of its log, numbered by `seq` (1, 2, 3… per conversation,
// no gaps). The same object is pushed to the room `conversation:<id>` under its `type` as the socket event
// name, returned by resync (REST and socket), and carried as the data of the matching domain event.

const roomEventBase = { conversationId: z.uuid(), seq: seqField.min(1), at: isoTime, actorId: z.uuid() };

export const messageCreatedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('message:created'),
  message: messageView,
});
export const messageUpdatedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('message:updated'),
  message: messageView,
});
export const messageDeletedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('message:deleted'),
  message: messageView,
});
const reactionChange = {
  messageId: z.uuid(),
  emoji: z.string(),
  userId: z.uuid(),
  /** The message's reactions after the change. */
  reactions: z.array(reactionView),
};
export const reactionAddedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('reaction:added'),
  ...reactionChange,
});
export const reactionRemovedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('reaction:removed'),
  ...reactionChange,
});
export const readUpdatedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('read:updated'),
  userId: z.uuid(),
  /** The member's read marker after the change (markers only move forward). */
  lastReadSeq: seqField,
});
export const memberAddedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('member:added'),
  member: memberView,
  /** The conversation after the change, so a new member's client can show it at once. */
  conversation: conversationSummary,
});
export const memberRemovedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('member:removed'),
  userId: z.uuid(),
  /** The conversation after the change (without the removed member). */
  conversation: conversationSummary,
});
export const conversationUpdatedRoomEvent = z.object({
  ...roomEventBase,
  type: z.literal('conversation:updated'),
  /** The fields this change touched (`title`, member roles…). */
  changed: z.array(z.string()),
  conversation: conversationSummary,
});

export const roomEvent = z.discriminatedUnion('type', [
  messageCreatedRoomEvent,
  messageUpdatedRoomEvent,
  messageDeletedRoomEvent,
  reactionAddedRoomEvent,
  reactionRemovedRoomEvent,
  readUpdatedRoomEvent,
  memberAddedRoomEvent,
  memberRemovedRoomEvent,
  conversationUpdatedRoomEvent,
]);
export type RoomEvent = z.infer<typeof roomEvent>;
export type RoomEventType = RoomEvent['type'];
export type RoomEventOf<T extends RoomEventType> = Extract<RoomEvent, { type: T }>;
