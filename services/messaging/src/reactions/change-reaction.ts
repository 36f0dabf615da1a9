import { conflict, notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type MessageView } from '@tracera/contracts';
import { ConversationWrite, NothingChanged } from '../messages/conversation-write';
import { MessageRepository } from '../messages/message.repository';
import { toMessageView } from '../messages/message-views';
import { ReactionRepository } from './reaction.repository';

export interface ReactionChange {
  userId: string;
  messageId: string;
  emoji: string;
}

/**
 * Adding and removing a reaction, one rule for both: a change that changes nothing (already there, not
 * there) emits nothing and answers the message as it is; a real one emits `reaction:added`/`removed` with the
 * message's reactions after it.
 */
@Injectable()
export class ChangeReaction {
  constructor(
    private readonly write: ConversationWrite,
    private readonly messages: MessageRepository,
    private readonly reactions: ReactionRepository,
  ) {}

  async apply(
    change: ReactionChange,
    type: 'reaction:added' | 'reaction:removed',
  ): Promise<{ message: MessageView }> {
    const { userId, messageId, emoji } = change;
    const found = await this.messages.findById(undefined, messageId);
    if (found === null) throw notFound('message');
    return this.write.run(found.conversationId, userId, async (manager, slot) => {
      const row = await this.messages.findForUpdate(manager, messageId);
      if (row === null) throw notFound('message');
      if (type === 'reaction:added' && row.deletedAt !== null) throw conflict('the message was deleted');
      const changed =
        type === 'reaction:added'
          ? await this.reactions.add(manager, messageId, userId, emoji)
          : await this.reactions.remove(manager, messageId, userId, emoji);
      const reactions = (await this.reactions.reactionsOf(manager, [messageId])).get(messageId) ?? [];
      const message = toMessageView(row, reactions);
      if (!changed) throw new NothingChanged({ message });
      await this.write.record(manager, {
        type,
        conversationId: row.conversationId,
        seq: slot.seq,
        at: slot.at.toISOString(),
        actorId: userId,
        messageId,
        emoji,
        userId,
        reactions,
      });
      return { message };
    });
  }
}
