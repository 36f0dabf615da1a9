import { forbidden, notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ConversationLog } from '../conversation-log/conversation-log';
import { NotificationWriter } from '../notifications/notification-writer';
import { ReactionRepository } from '../reactions/reaction.repository';
import { ConversationWrite, NothingChanged } from './conversation-write';
import { MessageRepository } from './message.repository';
import { toMessageView } from './message-views';

type Request = RpcRequest<typeof messagingRpc.deleteMessage>;
type Response = RpcResponse<typeof messagingRpc.deleteMessage>;

/**
 * `message.delete`: by the sender, or an owner or admin of the conversation. Soft: the message keeps its id
 * and seq (so histories and resyncs stay gapless) with body, attachments, mentions and reactions emptied.
 * Its earlier events in the log and the previews of its notifications keep no trace of the text either.
 * Deleting a deleted message changes nothing.
 */
@Injectable()
export class DeleteMessageUseCase {
  constructor(
    private readonly write: ConversationWrite,
    private readonly messages: MessageRepository,
    private readonly reactions: ReactionRepository,
    private readonly log: ConversationLog,
    private readonly notifications: NotificationWriter,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId, messageId } = request;
    const found = await this.messages.findById(undefined, messageId);
    if (found === null) throw notFound('message');
    return this.write.run(found.conversationId, userId, async (manager, slot): Promise<Response> => {
      const row = await this.messages.findForUpdate(manager, messageId);
      if (row === null) throw notFound('message');
      if (row.deletedAt !== null) throw new NothingChanged({});
      if (row.senderId !== userId && slot.role === 'member') {
        throw forbidden("only the sender or the conversation's owner or admins delete a message");
      }
      await this.reactions.clear(manager, messageId);
      const message = toMessageView(await this.messages.markDeleted(manager, messageId, slot.at), []);
      await this.log.rewriteMessage(manager, message);
      await this.notifications.refreshPreviews(manager, message);
      await this.write.record(manager, {
        type: 'message:deleted',
        conversationId: row.conversationId,
        seq: slot.seq,
        at: slot.at.toISOString(),
        actorId: userId,
        message,
      });
      return {};
    });
  }
}
