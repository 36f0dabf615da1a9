import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConversationView, type MessageView } from '@tracera/contracts';
import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { sharedInfra, startThrowawayRedis, waitFor } from '@tracera/testing';
import { contentDatabase } from '../../../content/src/database/content.database';
import { messagingDatabase } from '../../../messaging/src/database/messaging.database';
import { ApiClient } from './api-client';
import { type AuthStack, newAccount, startAuthStack } from './auth-stack';
import { ChatClient, type ChatClientOptions } from './chat-client';

/** Short enough that a dead node's sockets go offline and its lease moves within a test's patience. */
export const CHAT_PRESENCE_TTL_MS = 4000;
export const CHAT_LIVE_EVENTS_LEASE_MS = 2000;

export interface ChatStackOptions {
  label: string;
  /** Run everything on a Redis of the test's own (persistent, so sessions survive a restart). */
  throwawayRedis?: boolean;
  env?: Record<string, string>;
}

/**
 * Auth, content and messaging plus two gateway replicas as real processes, on one Redis key prefix and one
 * freshly migrated database: the shape production runs, with timings shortened so faults resolve fast.
 */
export interface ChatStack extends AuthStack {
  /** The throwaway Redis, when asked for. */
  redis?: EmbeddedRedis;
  /** Registers a user through gateway A; the client carries the session cookie. */
  register(label?: string): Promise<ChatUser>;
}

export interface ChatUser {
  id: string;
  username: string;
  password: string;
  /** A session token (the registration's session). */
  token: string;
  /** REST through gateway A as this user. */
  api: ApiClient;
}

export async function startChatStack(options: ChatStackOptions): Promise<ChatStack> {
  const redis = options.throwawayRedis ? await startThrowawayRedis({ persistence: true }) : undefined;
  const filesDir = await mkdtemp(join(sharedInfra().scratchDir, 'chat-files-'));
  let stack: AuthStack;
  try {
    stack = await startAuthStack({
      label: options.label,
      redisAddress: redis?.address,
      databases: [contentDatabase, messagingDatabase],
      services: ['content', 'messaging'],
      env: {
        FILES_DIR: filesDir,
        BOOKMARK_FETCH_METADATA: 'false',
        PRESENCE_TTL: `${CHAT_PRESENCE_TTL_MS}ms`,
        LIVE_EVENTS_LEASE: `${CHAT_LIVE_EVENTS_LEASE_MS}ms`,
        // Tests send faster than a person; the per-socket limit has its own integration test.
        SOCKET_SEND_RATE: '10000/10s',
        ...(redis
          ? { REDIS_DIAL_TIMEOUT: '1s', REDIS_READ_TIMEOUT: '1s', HEALTH_CHECK_TIMEOUT: '500ms' }
          : {}),
        ...options.env,
      },
    });
  } catch (error) {
    await redis?.stop();
    await rm(filesDir, { recursive: true, force: true });
    throw error;
  }
  const register = async (label = 'chat'): Promise<ChatUser> => {
    const account = newAccount(label);
    const api = new ApiClient(stack.gatewayA.url);
    const response = await api.post<{ user: { id: string }; token: string }>('/auth/register', {
      body: { ...account, displayName: `User ${account.username}` },
    });
    if (response.status !== 201) throw new Error(`register answered ${response.status}: ${response.text}`);
    return {
      id: response.body.user.id,
      username: account.username,
      password: account.password,
      token: response.body.token,
      api,
    };
  };
  return {
    ...stack,
    redis,
    register,
    stop: async () => {
      await stack.stop();
      await redis?.stop();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}

/** A group conversation created by `owner` over REST with `members` in it. */
export async function createGroup(
  owner: ChatUser,
  members: readonly ChatUser[],
  title = `room ${randomBytes(3).toString('hex')}`,
): Promise<ConversationView> {
  const response = await owner.api.post<{ conversation: ConversationView }>('/conversations', {
    body: { type: 'group', memberIds: members.map((m) => m.id), title },
  });
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${response.text}`);
  return response.body.conversation;
}

/** Every message of the conversation over REST, oldest first (`api`: a member's client on some replica). */
export async function storedMessages(api: ApiClient, conversationId: string): Promise<MessageView[]> {
  const items: MessageView[] = [];
  let after = 0;
  for (;;) {
    const page = await api.get<{ items: MessageView[]; nextCursor: number | string | null }>(
      `/conversations/${conversationId}/messages?after=${after}&limit=200`,
    );
    if (page.status !== 200) throw new Error(`messages answered ${page.status}: ${page.text}`);
    items.push(...page.body.items);
    if (page.body.nextCursor === null || page.body.items.length === 0) return items;
    after = page.body.items[page.body.items.length - 1].seq;
  }
}

/** Opens a socket for `user` on `url` (others: where it may reconnect to), following `conversationIds`. */
export function connectAs(
  user: ChatUser,
  urls: string[],
  options: Partial<ChatClientOptions> = {},
): Promise<ChatClient> {
  return ChatClient.connect({ urls, token: user.token, userId: user.id, name: user.username, ...options });
}

/**
 * Sends probe messages from `sender` until every receiver has had one pushed: from then on their sockets
 * are in the conversation's room (joined by the server after the handshake), so later pushes are testable.
 */
export async function untilLive(
  sender: ChatClient,
  conversationId: string,
  receivers: readonly ChatClient[],
): Promise<void> {
  const live = () => receivers.every((r) => r.pushedMessages(conversationId).length > 0);
  for (let attempt = 1; attempt <= 10 && !live(); attempt++) {
    await sender.sendReliably(conversationId, `probe ${attempt}`);
    await waitFor(live, { timeoutMs: 3000, description: 'probe pushed to every receiver' }).catch(
      () => false,
    );
  }
  if (!live()) {
    const late = receivers.filter((r) => r.pushedMessages(conversationId).length === 0);
    throw new Error(`no probe reached ${late.map((r) => r.describe()).join('\n')}`);
  }
}

/** Presence of users as GET /presence reports it (`api`: a signed-in client on some replica). */
export async function presenceOf(api: ApiClient, userIds: string[]): Promise<Record<string, string>> {
  const response = await api.get<{ items: { userId: string; status: string }[] }>(
    `/presence?userIds=${userIds.join(',')}`,
  );
  if (response.status !== 200) throw new Error(`presence answered ${response.status}: ${response.text}`);
  return Object.fromEntries(response.body.items.map((item) => [item.userId, item.status]));
}

/** What `client` shows of the conversation holds each of `sentIds` exactly once, in send order. */
export function expectShownOnceInOrder(client: ChatClient, conversationId: string, sentIds: string[]): void {
  const shown = client.messages(conversationId);
  expect({
    client: client.name,
    ids: shown.map((m) => m.id).filter((id) => sentIds.includes(id)),
  }).toEqual({
    client: client.name,
    ids: sentIds,
  });
  expect(new Set(shown.map((m) => m.id)).size).toBe(shown.length);
}
