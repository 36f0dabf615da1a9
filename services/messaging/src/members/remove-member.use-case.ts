import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RoomEvent, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { forbidden, notFound, Outbox } from '@tracera/streams';
import { ConversationLog } from '../conversation-log/conversation-log';
import { ConversationSummaries } from '../conversations/conversation-summaries';
import { ConversationRepository } from '../conversations/conversation.repository';
import { MemberRepository } from './member.repository';

type Request = RpcRequest<typeof messagingRpc.removeMember>;
type Response = RpcResponse<typeof messagingRpc.removeMember>;

/**
 * Removes a member from a group, who loses access at once (their row goes). Removing yourself is leaving;
 * owners remove anyone, admins remove plain members. When the owner leaves, ownership passes to the
 * longest-standing admin (else member), announced as `conversation:updated` changed `['roles']`.
 * Direct conversations always keep both people.
 */
@Injectable()
export class RemoveMemberUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly log: ConversationLog,
    private readonly conversations: ConversationRepository,
    private readonly members: MemberRepository,
    private readonly summaries: ConversationSummaries,
  ) {}

  execute(request: Request): Promise<Response> {
    const { userId, conversationId, memberUserId } = request;
    return this.outbox.transaction(async (manager) => {
      const { type, member: caller } = await this.log.reserveAsMember(manager, conversationId, userId, 0);
      const target =
        memberUserId === userId
          ? caller
          : await this.members.findMember(manager, conversationId, memberUserId);
      if (target === null) throw notFound('member');
      if (type === 'direct') throw forbidden('a direct conversation keeps both people');
      if (memberUserId !== userId) {
        if (caller.role === 'member') throw forbidden('only owners and admins remove members');
        if (caller.role === 'admin' && target.role !== 'member') {
          throw forbidden('admins remove members only; the owner removes admins');
        }
      }

      const events: RoomEvent[] = [];
      if (target.role === 'owner') {
        const successor = await this.members.successorOf(manager, conversationId, memberUserId);
        if (successor !== null) {
          // Told before the removal, so members see the new owner before the old one goes.
          await this.members.setRole(manager, conversationId, successor, 'owner');
          await this.conversations.touch(manager, conversationId);
          const { firstSeq, at } = await this.log.reserve(manager, conversationId, 1);
          events.push({
            type: 'conversation:updated',
            conversationId,
            seq: firstSeq,
            at: at.toISOString(),
            actorId: userId,
            changed: ['roles'],
            conversation: await this.summaries.summaryOf(manager, conversationId),
          });
        }
      }
      await this.members.remove(manager, conversationId, memberUserId);
      await this.conversations.touch(manager, conversationId);
      const { firstSeq, at } = await this.log.reserve(manager, conversationId, 1);
      events.push({
        type: 'member:removed',
        conversationId,
        seq: firstSeq,
        at: at.toISOString(),
        actorId: userId,
        userId: memberUserId,
        conversation: await this.summaries.summaryOf(manager, conversationId),
      });
      await this.log.record(manager, events);
      return {};
    });
  }
}
