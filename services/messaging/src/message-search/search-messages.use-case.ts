import { notFound } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse, snippetMarkup } from '@tracera/contracts';
import { MemberRepository } from '../members/member.repository';
import { toMessageView } from '../messages/message-views';
import { ReactionRepository } from '../reactions/reaction.repository';
import { MessageSearchRepository } from './message-search.repository';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';

type Request = RpcRequest<typeof messagingRpc.searchMessages>;
type Response = RpcResponse<typeof messagingRpc.searchMessages>;

/**
 * `message.search`: full text over the messages of the caller's conversations (or of one of them), newest
 * first, each with a snippet whose matches are in `<mark>` and whose text is escaped.
 */
@Injectable()
export class SearchMessagesUseCase {
  constructor(
    private readonly members: MemberRepository,
    private readonly search: MessageSearchRepository,
    private readonly reactions: ReactionRepository,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId, conversationId, limit } = request;
    const after = decodeSearchCursor(request.cursor);
    if (conversationId !== undefined) {
      const member = await this.members.findMember(undefined, conversationId, userId);
      if (member === null) throw notFound('conversation');
    }
    const hits = await this.search.page({
      userId,
      text: request.query,
      conversationId,
      after,
      limit: limit + 1,
    });
    const page = hits.slice(0, limit);
    const reactions = await this.reactions.reactionsOf(
      undefined,
      page.map((hit) => hit.message.id),
    );
    const last = page.at(-1)?.message;
    return {
      items: page.map(({ message, headline }) => ({
        message: toMessageView(message, reactions.get(message.id) ?? []),
        conversationId: message.conversationId,
        snippet: snippetMarkup(headline),
      })),
      nextCursor:
        hits.length > limit && last !== undefined
          ? encodeSearchCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }
}
