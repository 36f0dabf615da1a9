import type { Schemas } from '../api/api-types';

// The chat payloads as the gateway's OpenAPI names them; socket pushes carry these same shapes
// (libs/contracts/src/messaging/messaging-models.ts: a room event is pushed under its `type`).

export type Conversation = Schemas['ConversationDto_Output']['conversation'];
export type ConversationMember = Conversation['members'][number];
export type Message = Schemas['MessageDto_Output']['message'];
export type Reaction = Message['reactions'][number];
export type RoomEvent = Schemas['ConversationEventsDto_Output']['events'][number];
export type RoomEventType = RoomEvent['type'];
export type RoomEventOf<T extends RoomEventType> = Extract<RoomEvent, { type: T }>;
export type ChatNotification = Schemas['NotificationPageDto_Output']['items'][number];
export type PresenceStatus = 'online' | 'away' | 'offline';

/** Every room event name the gateway pushes to `conversation:<id>`. */
export const ROOM_EVENT_TYPES = [
  'message:created',
  'message:updated',
  'message:deleted',
  'reaction:added',
  'reaction:removed',
  'read:updated',
  'member:added',
  'member:removed',
  'conversation:updated',
] as const satisfies readonly RoomEventType[];

/** `typing {conversationId, userId, typing}`: relayed to the other members, never stored. */
export interface TypingEvent {
  conversationId: string;
  userId: string;
  typing: boolean;
}

/** `presence {userId, status}`. */
export interface PresenceEvent {
  userId: string;
  status: PresenceStatus;
}

/** `notification {notification}` to `user:<id>`. */
export interface NotificationEvent {
  notification: ChatNotification;
}

/** An acknowledgement of a client → server event. */
export type SocketAck<T> =
  ({ ok: true } & T) | { ok: false; error: { status: number; title: string; detail?: string } };
