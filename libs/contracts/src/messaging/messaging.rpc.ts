import { z } from 'zod';
import { pageRequest } from '../auth/auth-models';
import { defineRpc } from '../contract';
import { storableText } from '../storable-text';
import { pageOf } from '../content/content-models';
import {
  attachmentRefList,
  clientIdField,
  conversationTitleField,
  conversationTypeField,
  emojiField,
  memberIdList,
  memberRoleField,
  messageBodyField,
  seqField,
} from './messaging-fields';
import { conversationView, memberView, messageView, notificationView, roomEvent } from './messaging-models';

// Every request names the caller (`userId`): the messaging service answers NOT_FOUND for a conversation the
// caller is not a member of, exactly like one that does not exist, and FORBIDDEN when a member lacks the role.
const userId = z.uuid();
const conversationId = z.uuid();
const ok = z.object({});

// ---- conversations ----------------------------------------------------------------------------------

export const createConversationBody = z.strictObject({
  type: conversationTypeField,
  /** The other members (the caller is added as owner). Direct: exactly one other person. */
  memberIds: memberIdList,
  /** Groups only. */
  title: conversationTitleField.optional(),
});

/** A direct conversation with the same person is returned (`created: false`), not duplicated. */
export const createConversation = defineRpc('messaging.conversation.create', {
  service: 'messaging',
  request: createConversationBody.extend({ userId, idempotencyKey: z.string().min(1).max(200).optional() }),
  response: z.object({ conversation: conversationView, created: z.boolean() }),
});

/** The caller's conversations, the most recently active first. */
export const listConversations = defineRpc('messaging.conversation.list', {
  service: 'messaging',
  request: z.object({ userId, archived: z.boolean().optional(), ...pageRequest }),
  response: pageOf(conversationView),
});

export const getConversation = defineRpc('messaging.conversation.get', {
  service: 'messaging',
  request: z.object({ userId, conversationId }),
  response: z.object({ conversation: conversationView }),
});

export const updateConversationBody = z.strictObject({
  /** Groups only; owners and admins. */
  title: conversationTitleField.optional(),
  /** For the caller only. */
  archived: z.boolean().optional(),
});
export const updateConversation = defineRpc('messaging.conversation.update', {
  service: 'messaging',
  request: updateConversationBody.extend({ userId, conversationId }),
  response: z.object({ conversation: conversationView }),
});

/** Ids of every conversation the user is a member of: the rooms the gateway joins a new socket to. */
export const conversationRooms = defineRpc('messaging.conversation.rooms', {
  service: 'messaging',
  request: z.object({ userId }),
  response: z.object({ conversationIds: z.array(z.uuid()) }),
});

// ---- members ----------------------------------------------------------------------------------------

export const addMembersBody = z.strictObject({
  userIds: memberIdList.min(1),
  /** Role of the new members (default member); only the owner adds admins. */
  role: memberRoleField.exclude(['owner']).optional(),
});
/** Groups only; owners and admins. People already in it are left as they are. */
export const addMembers = defineRpc('messaging.member.add', {
  service: 'messaging',
  request: addMembersBody.extend({ userId, conversationId }),
  response: z.object({ conversation: conversationView, added: z.array(memberView) }),
});

/** Removing yourself is leaving; removing others needs owner or admin (admins cannot remove the owner). */
export const removeMember = defineRpc('messaging.member.remove', {
  service: 'messaging',
  request: z.object({ userId, conversationId, memberUserId: z.uuid() }),
  response: ok,
});

// ---- messages ---------------------------------------------------------------------------------------

export const sendMessageBody = z.strictObject({
  body: messageBodyField,
  attachments: attachmentRefList.optional(),
  clientId: clientIdField.optional(),
});
/** A retry with the same clientId (or Idempotency-Key) returns the first message with `created: false`. */
export const sendMessage = defineRpc('messaging.message.send', {
  service: 'messaging',
  request: sendMessageBody.extend({
    userId,
    conversationId,
    idempotencyKey: z.string().min(1).max(200).optional(),
  }),
  response: z.object({ message: messageView, created: z.boolean() }),
});

/**
 * A page of messages by seq, always in ascending order. `after`: the oldest messages after that seq;
 * `before` (or neither): the newest messages before it. `nextCursor` is the seq to pass as the same
 * parameter for the next page in that direction, null at the end.
 */
export const listMessages = defineRpc('messaging.message.list', {
  service: 'messaging',
  request: z.object({
    userId,
    conversationId,
    before: seqField.optional(),
    after: seqField.optional(),
    limit: pageRequest.limit,
  }),
  response: pageOf(messageView),
});

export const editMessageBody = z.strictObject({ body: messageBodyField });
/** The sender only; a deleted message cannot be edited (CONFLICT). */
export const editMessage = defineRpc('messaging.message.edit', {
  service: 'messaging',
  request: editMessageBody.extend({ userId, messageId: z.uuid() }),
  response: z.object({ message: messageView }),
});

/** The sender, or the conversation's owner or admins. Deleting twice is a no-op. */
export const deleteMessage = defineRpc('messaging.message.delete', {
  service: 'messaging',
  request: z.object({ userId, messageId: z.uuid() }),
  response: ok,
});

export const addReactionBody = z.strictObject({ emoji: emojiField });
/** Adding the same reaction twice (or removing one that is not there) changes nothing and emits nothing. */
export const addReaction = defineRpc('messaging.reaction.add', {
  service: 'messaging',
  request: addReactionBody.extend({ userId, messageId: z.uuid() }),
  response: z.object({ message: messageView }),
});
export const removeReaction = defineRpc('messaging.reaction.remove', {
  service: 'messaging',
  request: z.object({ userId, messageId: z.uuid(), emoji: emojiField }),
  response: z.object({ message: messageView }),
});

export const messageSearchHit = z.object({
  message: messageView,
  conversationId: z.uuid(),
  /** The body around the match; matches in `<mark>`, everything else escaped. */
  snippet: z.string(),
});
/** Full-text search over messages of the caller's conversations (current members only), newest first. */
export const searchMessages = defineRpc('messaging.message.search', {
  service: 'messaging',
  request: z.object({
    userId,
    query: storableText().trim().min(1).max(200),
    conversationId: z.uuid().optional(),
    ...pageRequest,
  }),
  response: pageOf(messageSearchHit),
});

// ---- read markers and resync ------------------------------------------------------------------------

export const markReadBody = z.strictObject({ seq: seqField });
/** Markers only move forward: an older seq is ignored. A seq beyond the log is clamped to its end. */
export const markRead = defineRpc('messaging.conversation.read', {
  service: 'messaging',
  request: markReadBody.extend({ userId, conversationId }),
  response: z.object({ conversationId, lastReadSeq: seqField, unreadCount: z.number().int().min(0) }),
});

/** Most events one resync page returns. */
export const RESYNC_MAX_EVENTS = 1000;
/**
 * The conversation's events after `afterSeq`, in order, at most `limit`; `hasMore` when the log goes on.
 * A member sees the events since they joined (earlier ones are answered from the join on).
 */
export const conversationEvents = defineRpc('messaging.conversation.events', {
  service: 'messaging',
  request: z.object({
    userId,
    conversationId,
    afterSeq: seqField,
    limit: z.number().int().min(1).max(RESYNC_MAX_EVENTS).default(500),
  }),
  response: z.object({ events: z.array(roomEvent), hasMore: z.boolean(), lastSeq: seqField }),
});

// ---- notifications ----------------------------------------------------------------------------------

export const listNotifications = defineRpc('messaging.notification.list', {
  service: 'messaging',
  request: z.object({ userId, unread: z.boolean().optional(), ...pageRequest }),
  response: pageOf(notificationView).extend({ unreadCount: z.number().int().min(0) }),
});

export const markNotificationRead = defineRpc('messaging.notification.read', {
  service: 'messaging',
  request: z.object({ userId, id: z.uuid() }),
  response: z.object({ notification: notificationView }),
});

export const markAllNotificationsRead = defineRpc('messaging.notification.read_all', {
  service: 'messaging',
  request: z.object({ userId }),
  response: z.object({ updated: z.number().int().min(0) }),
});

export const messagingRpcContracts = [
  createConversation,
  listConversations,
  getConversation,
  updateConversation,
  conversationRooms,
  addMembers,
  removeMember,
  sendMessage,
  listMessages,
  editMessage,
  deleteMessage,
  addReaction,
  removeReaction,
  searchMessages,
  markRead,
  conversationEvents,
  listNotifications,
  markNotificationRead,
  markAllNotificationsRead,
] as const;
