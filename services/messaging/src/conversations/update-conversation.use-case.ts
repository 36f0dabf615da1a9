import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { forbidden, Outbox, validationFailed } from '@tracera/streams';
import { ConversationLog } from '../conversation-log/conversation-log';
import { MemberRepository } from '../members/member.repository';
import { ConversationSummaries } from './conversation-summaries';
import { ConversationRepository } from './conversation.repository';

type Request = RpcRequest<typeof messagingRpc.updateConversation>;
type Response = RpcResponse<typeof messagingRpc.updateConversation>;

/**
 * Renames a group (owners and admins; a `conversation:updated` event) and/or archives it for the caller
 * alone (their own flag; no event, nobody else sees it). Unchanged values change nothing.
 */
@Injectable()
export class UpdateConversationUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly log: ConversationLog,
    private readonly conversations: ConversationRepository,
    private readonly members: MemberRepository,
    private readonly summaries: ConversationSummaries,
  ) {}

  execute(request: Request): Promise<Response> {
    const { userId, conversationId } = request;
    return this.outbox.transaction(async (manager) => {
      // Locks the conversation first (a zero-seq reservation), then checks membership under that lock.
      const { member } = await this.log.reserveAsMember(manager, conversationId, userId, 0);
      const conversation = (await this.conversations.findById(manager, conversationId))!;

      if (request.title !== undefined && request.title !== conversation.title) {
        if (conversation.type === 'direct') {
          throw validationFailed([{ field: 'title', message: 'is only for group conversations' }]);
        }
        if (member.role === 'member') throw forbidden('only owners and admins rename a conversation');
        await this.conversations.setTitle(manager, conversationId, request.title);
        const { firstSeq, at } = await this.log.reserve(manager, conversationId, 1);
        await this.log.record(manager, [
          {
            type: 'conversation:updated',
            conversationId,
            seq: firstSeq,
            at: at.toISOString(),
            actorId: userId,
            changed: ['title'],
            conversation: await this.summaries.summaryOf(manager, conversationId),
          },
        ]);
      }
      if (request.archived !== undefined && request.archived !== member.archived) {
        await this.members.setArchived(manager, conversationId, userId, request.archived);
      }
      return { conversation: await this.summaries.viewFor(manager, conversationId, userId) };
    });
  }
}
