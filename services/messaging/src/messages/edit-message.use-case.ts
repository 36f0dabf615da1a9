import { conflict, forbidden, notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ConversationLog } from '../conversation-log/conversation-log';
import { ConversationSummaries } from '../conversations/conversation-summaries';
import { NotificationWriter } from '../notifications/notification-writer';
import { ReactionRepository } from '../reactions/reaction.repository';
import { ConversationWrite, NothingChanged } from './conversation-write';
import { mentionedMembers } from './mentions';
import { MessageRepository } from './message.repository';
import { mentionNotifications } from './message-notifications';
import { toMessageView } from './message-views';

type Request = RpcRequest<typeof messagingRpc.editMessage>;
type Response = RpcResponse<typeof messagingRpc.editMessage>;

/**
 * `message.edit`: the sender replaces the body (edited-at set, mentions recomputed; members newly mentioned
 * in a group are notified); its earlier events and notification previews show the new text. The same body again changes nothing; a deleted message cannot be edited.
 */
@Injectable()
export class EditMessageUseCase {
  constructor(
    private readonly write: ConversationWrite,
    private readonly messages: MessageRepository,
    private readonly reactions: ReactionRepository,
    private readonly summaries: ConversationSummaries,
    private readonly notifications: NotificationWriter,
    private readonly log: ConversationLog,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId, messageId, body } = request;
    const found = await this.messages.findById(undefined, messageId);
    if (found === null) throw notFound('message');
    return this.write.run(found.conversationId, userId, async (manager, slot): Promise<Response> => {
      const row = await this.messages.findForUpdate(manager, messageId);
      if (row === null) throw notFound('message');
      if (row.senderId !== userId) throw forbidden('only the sender edits a message');
      if (row.deletedAt !== null) throw conflict('the message was deleted');
      const reactions = (await this.reactions.reactionsOf(manager, [messageId])).get(messageId) ?? [];
      if (row.body === body) throw new NothingChanged({ message: toMessageView(row, reactions) });
      const conversation = await this.summaries.summaryOf(manager, row.conversationId);
      const mentions = mentionedMembers(body, conversation.members);
      const edited = await this.messages.editBody(manager, messageId, { body, mentions, editedAt: slot.at });
      const message = toMessageView(edited, reactions);
      await this.log.rewriteMessage(manager, message);
      await this.notifications.refreshPreviews(manager, message);
      await this.write.record(manager, {
        type: 'message:updated',
        conversationId: row.conversationId,
        seq: slot.seq,
        at: slot.at.toISOString(),
        actorId: userId,
        message,
      });
      if (conversation.type === 'group') {
        const added = mentions.filter((id) => !row.mentions.includes(id));
        await this.notifications.notify(manager, mentionNotifications(message, added));
      }
      return { message };
    });
  }
}
