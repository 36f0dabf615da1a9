import { type LightMyRequestResponse } from 'fastify';
import { type SignedInUser } from './content-stack.fixture';

export interface Member {
  userId: string;
  username: string;
  displayName: string;
  role: 'owner' | 'admin' | 'member';
}
export interface Conversation {
  id: string;
  type: 'direct' | 'group';
  title: string | null;
  createdBy: string;
  lastSeq: number;
  lastMessageAt: string | null;
  members: Member[];
  myRole: 'owner' | 'admin' | 'member';
  archived: boolean;
  lastReadSeq: number;
  unreadCount: number;
}
export interface Reaction {
  emoji: string;
  count: number;
  userIds: string[];
}
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  body: string;
  attachments: { type: string; id: string; title: string }[];
  reactions: Reaction[];
  mentions: string[];
  clientId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}
export interface RoomEvent {
  type: string;
  conversationId: string;
  seq: number;
  actorId: string;
  [key: string]: unknown;
}
export interface Notification {
  id: string;
  kind: 'mentioned' | 'direct_message' | 'added_to_conversation';
  conversationId: string;
  messageId: string | null;
  actorId: string;
  preview: string;
  createdAt: string;
  readAt: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Asserts the status, showing the body when it differs (a problem's detail says why). */
export function expectStatus(response: LightMyRequestResponse, status: number): void {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
}

/** `owner` starts a conversation with `others` through the API and returns it. */
export async function startConversation(
  owner: SignedInUser,
  others: SignedInUser[],
  title?: string,
): Promise<Conversation> {
  const type = title === undefined ? 'direct' : 'group';
  const response = await owner.client.post('/conversations', {
    type,
    memberIds: others.map((other) => other.id),
    ...(title === undefined ? {} : { title }),
  });
  expect([200, 201]).toContain(response.statusCode);
  return response.json<{ conversation: Conversation }>().conversation;
}

/** `sender` sends `body` to the conversation and returns the message. */
export async function sendMessage(
  sender: SignedInUser,
  conversationId: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const response = await sender.client.post(`/conversations/${conversationId}/messages`, { body, ...extra });
  expectStatus(response, 201);
  return response.json<{ message: Message }>().message;
}

/** The conversation as `user` sees it now. */
export async function conversationOf(user: SignedInUser, conversationId: string): Promise<Conversation> {
  const response = await user.client.get(`/conversations/${conversationId}`);
  expectStatus(response, 200);
  return response.json<{ conversation: Conversation }>().conversation;
}

/** Every message of the conversation as `user` sees it, oldest first. */
export async function messagesOf(user: SignedInUser, conversationId: string): Promise<Message[]> {
  const response = await user.client.get(`/conversations/${conversationId}/messages?limit=200`);
  expectStatus(response, 200);
  return response.json<Page<Message>>().items;
}

/** Every room event of the conversation as `user` may replay it. */
export async function eventsOf(
  user: SignedInUser,
  conversationId: string,
  afterSeq = 0,
): Promise<RoomEvent[]> {
  const response = await user.client.get(`/conversations/${conversationId}/events?afterSeq=${afterSeq}`);
  expectStatus(response, 200);
  return response.json<{ events: RoomEvent[] }>().events;
}

/** `user`'s notifications (up to 200) and their unread count. */
export async function notificationsOf(
  user: SignedInUser,
  query = '',
): Promise<{ items: Notification[]; unreadCount: number }> {
  const response = await user.client.get(`/notifications?limit=200${query}`);
  expectStatus(response, 200);
  return response.json<{ items: Notification[]; unreadCount: number }>();
}
