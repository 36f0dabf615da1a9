import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { ConversationLog } from '../conversation-log/conversation-log';
import { ConversationLogRepository } from '../conversation-log/conversation-log.repository';
import { ConversationRepository } from '../conversations/conversation.repository';
import { MemberRepository } from '../members/member.repository';

type Request = RpcRequest<typeof messagingRpc.markRead>;
type Response = RpcResponse<typeof messagingRpc.markRead>;

/**
 * Moves the caller's read marker forward to `seq` (clamped to the end of the log; an older seq is ignored).
 * A move past at least one message is a `read:updated` event. A move past other events only is stored
 * silently: it changes nothing anyone shows, and announcing it would add an event the client would then
 * mark read, forever.
 */
@Injectable()
export class MarkReadUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly log: ConversationLog,
    private readonly events: ConversationLogRepository,
    private readonly conversations: ConversationRepository,
    private readonly members: MemberRepository,
  ) {}

  execute(request: Request): Promise<Response> {
    const { userId, conversationId } = request;
    return this.outbox.transaction(async (manager) => {
      const { firstSeq, member } = await this.log.reserveAsMember(manager, conversationId, userId, 0);
      const target = Math.min(request.seq, firstSeq - 1);
      if (target > member.lastReadSeq) {
        const lastReadSeq = await this.members.advanceReadMarker(manager, conversationId, userId, target);
        if (await this.events.hasMessageBetween(manager, conversationId, member.lastReadSeq, lastReadSeq)) {
          const { firstSeq: seq, at } = await this.log.reserve(manager, conversationId, 1);
          await this.log.record(manager, [
            {
              type: 'read:updated',
              conversationId,
              seq,
              at: at.toISOString(),
              actorId: userId,
              userId,
              lastReadSeq,
            },
          ]);
        }
      }
      const view = (await this.conversations.findForMember(manager, conversationId, userId))!;
      return { conversationId, lastReadSeq: view.lastReadSeq, unreadCount: view.unreadCount };
    });
  }
}
