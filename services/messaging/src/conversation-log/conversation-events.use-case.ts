import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { MemberRepository } from '../members/member.repository';
import { ConversationLogRepository } from './conversation-log.repository';

type Request = RpcRequest<typeof messagingRpc.conversationEvents>;
type Response = RpcResponse<typeof messagingRpc.conversationEvents>;

/**
 * Resync: the stored room events after `afterSeq`, in seq order without gaps. A member added later sees the
 * log from their own `member:added` on (the initial members from the start); earlier seqs answer from there.
 */
@Injectable()
export class ConversationEventsUseCase {
  constructor(
    private readonly members: MemberRepository,
    private readonly log: ConversationLogRepository,
  ) {}

  async execute(request: Request): Promise<Response> {
    const member = await this.members.findMember(undefined, request.conversationId, request.userId);
    if (member === null) throw notFound('conversation');
    const from = Math.max(request.afterSeq, member.firstVisibleSeq - 1);
    const { events, lastSeq } = await this.log.page(
      undefined,
      request.conversationId,
      from,
      request.limit + 1,
    );
    return { events: events.slice(0, request.limit), hasMore: events.length > request.limit, lastSeq };
  }
}
