import { type MessageView, type ReactionView } from '@tracera/contracts';
import { type MessageEntity } from './message.entity';

/** A stored message as views need it (the Idempotency-Key stays inside the service). */
export type MessageRow = Omit<MessageEntity, 'idempotencyKey'>;

export function toMessageView(row: MessageRow, reactions: ReactionView[]): MessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    senderId: row.senderId,
    body: row.body,
    attachments: row.attachments,
    reactions: row.deletedAt === null ? reactions : [],
    mentions: row.mentions,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
