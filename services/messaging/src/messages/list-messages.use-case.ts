import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { MemberRepository } from '../members/member.repository';
import { ReactionRepository } from '../reactions/reaction.repository';
import { MessageRepository } from './message.repository';
import { toMessageView } from './message-views';

type Request = RpcRequest<typeof messagingRpc.listMessages>;
type Response = RpcResponse<typeof messagingRpc.listMessages>;

/**
 * `message.list`: a page of the history by seq, ascending. Deleted messages stay in it (emptied) so a
 * client's copy loses them too. `nextCursor` is the seq to pass again in the same direction.
 */
@Injectable()
export class ListMessagesUseCase {
  constructor(
    private readonly members: MemberRepository,
    private readonly messages: MessageRepository,
    private readonly reactions: ReactionRepository,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId, conversationId, before, after, limit } = request;
    const member = await this.members.findMember(undefined, conversationId, userId);
    if (member === null) throw notFound('conversation');
    // One row more than asked says whether the history goes on in that direction.
    const rows = await this.messages.page(conversationId, { before, after }, limit + 1);
    const more = rows.length > limit;
    const forward = after !== undefined;
    const page = !more ? rows : forward ? rows.slice(0, limit) : rows.slice(1);
    const edge = forward ? page.at(-1) : page[0];
    const reactions = await this.reactions.reactionsOf(
      undefined,
      page.map((row) => row.id),
    );
    return {
      items: page.map((row) => toMessageView(row, reactions.get(row.id) ?? [])),
      nextCursor: more && edge !== undefined ? String(edge.seq) : null,
    };
  }
}
