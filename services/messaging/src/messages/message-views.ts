import { type MessageView, type ReactionView } from '@tracera/contracts';
import { type MessageEntity } from './message.entity';

export function toMessageView(row: MessageEntity, reactions: ReactionView[]): MessageView {
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
