import { type ConversationView, type MessageView, messagingRpc, type RoomEvent } from '@tracera/contracts';
import { type MessagingTestBed, type TestUser } from './messaging-test-bed';

/** A group created by `owner` with `others` as members. */
export async function startGroup(
  bed: MessagingTestBed,
  owner: TestUser,
  others: TestUser[],
  title = 'Team',
): Promise<ConversationView> {
  const { conversation } = await bed.call(messagingRpc.createConversation, {
    userId: owner.id,
    type: 'group',
    memberIds: others.map((user) => user.id),
    title,
  });
  return conversation;
}

/** The direct conversation of two people. */
export async function startDirect(
  bed: MessagingTestBed,
  from: TestUser,
  to: TestUser,
): Promise<ConversationView> {
  const { conversation } = await bed.call(messagingRpc.createConversation, {
    userId: from.id,
    type: 'direct',
    memberIds: [to.id],
  });
  return conversation;
}

export async function send(
  bed: MessagingTestBed,
  sender: TestUser,
  conversationId: string,
  body: string,
  extra: {
    clientId?: string;
    idempotencyKey?: string;
    attachments?: { type: 'note' | 'bookmark' | 'task' | 'file'; id: string }[];
  } = {},
): Promise<MessageView> {
  const { message } = await bed.call(messagingRpc.sendMessage, {
    userId: sender.id,
    conversationId,
    body,
    ...extra,
  });
  return message;
}

/** The conversation's seq counter as stored. */
export async function lastSeqOf(bed: MessagingTestBed, conversationId: string): Promise<number> {
  const rows = await bed.query<{ last_seq: number }>(
    'SELECT last_seq FROM messaging.conversations WHERE id = $1',
    [conversationId],
  );
  return Number(rows[0].last_seq);
}

/** Room events of the conversation written to the outbox after `afterSeq`. */
export async function eventsAfter(
  bed: MessagingTestBed,
  conversationId: string,
  afterSeq: number,
): Promise<RoomEvent[]> {
  return (await bed.roomEvents(conversationId)).filter((event) => event.seq > afterSeq);
}

/** Everything a write could have left behind in one conversation, to show a refused request stored nothing. */
export async function footprint(bed: MessagingTestBed, conversationId: string) {
  return {
    lastSeq: await lastSeqOf(bed, conversationId),
    messages: await bed.count('messages', 'WHERE conversation_id = $1', [conversationId]),
    outbox: (await bed.outbox()).length,
    notifications: await bed.count('notifications'),
  };
}
