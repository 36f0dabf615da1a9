import { z } from 'zod';
import { defineEvent } from '../contract';
import {
  conversationUpdatedRoomEvent,
  memberAddedRoomEvent,
  memberRemovedRoomEvent,
  messageCreatedRoomEvent,
  messageDeletedRoomEvent,
  messageUpdatedRoomEvent,
  notificationView,
  reactionAddedRoomEvent,
  reactionRemovedRoomEvent,
  readUpdatedRoomEvent,
  type RoomEventType,
} from './messaging-models';

// Each room event of a conversation's log is also a domain event whose data is exactly that room event
// (with its per-conversation `seq`), so the gateway pushes `data` to the room unchanged and analytics reads
// the same facts. The outbox keeps them in commit order, which is seq order within one conversation.

export const messageCreated = defineEvent('message.created', {
  producer: 'messaging',
  data: messageCreatedRoomEvent,
});
export const messageUpdated = defineEvent('message.updated', {
  producer: 'messaging',
  data: messageUpdatedRoomEvent,
});
export const messageDeleted = defineEvent('message.deleted', {
  producer: 'messaging',
  data: messageDeletedRoomEvent,
});
export const reactionAdded = defineEvent('message.reaction_added', {
  producer: 'messaging',
  data: reactionAddedRoomEvent,
});
export const reactionRemoved = defineEvent('message.reaction_removed', {
  producer: 'messaging',
  data: reactionRemovedRoomEvent,
});
export const conversationRead = defineEvent('conversation.read', {
  producer: 'messaging',
  data: readUpdatedRoomEvent,
});
export const memberAdded = defineEvent('conversation.member_added', {
  producer: 'messaging',
  data: memberAddedRoomEvent,
});
export const memberRemoved = defineEvent('conversation.member_removed', {
  producer: 'messaging',
  data: memberRemovedRoomEvent,
});
export const conversationUpdated = defineEvent('conversation.updated', {
  producer: 'messaging',
  data: conversationUpdatedRoomEvent,
});

/** A notification for one user, pushed to `user:<userId>` as `notification {notification}`. */
export const notificationCreated = defineEvent('notification.created', {
  producer: 'messaging',
  data: z.object({ userId: z.uuid(), notification: notificationView }),
});

/** The domain event that carries each room event type. */
export const roomEventDomainType = {
  'message:created': messageCreated.type,
  'message:updated': messageUpdated.type,
  'message:deleted': messageDeleted.type,
  'reaction:added': reactionAdded.type,
  'reaction:removed': reactionRemoved.type,
  'read:updated': conversationRead.type,
  'member:added': memberAdded.type,
  'member:removed': memberRemoved.type,
  'conversation:updated': conversationUpdated.type,
} as const satisfies Record<RoomEventType, string>;

/** Every domain event that carries a room event. */
export const roomEventContracts = [
  messageCreated,
  messageUpdated,
  messageDeleted,
  reactionAdded,
  reactionRemoved,
  conversationRead,
  memberAdded,
  memberRemoved,
  conversationUpdated,
] as const;

export const messagingEventContracts = [...roomEventContracts, notificationCreated] as const;
