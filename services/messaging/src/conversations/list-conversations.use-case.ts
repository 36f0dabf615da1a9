import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeTimeCursor, encodeTimeCursor } from './conversation-cursor';
import { ConversationSummaries } from './conversation-summaries';
import { ConversationRepository } from './conversation.repository';

type Request = RpcRequest<typeof messagingRpc.listConversations>;
type Response = RpcResponse<typeof messagingRpc.listConversations>;

/** The caller's conversations, most recently active first; `archived` filters by the caller's own flag. */
@Injectable()
export class ListConversationsUseCase {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly summaries: ConversationSummaries,
  ) {}

  async execute(request: Request): Promise<Response> {
    const after = decodeTimeCursor(request.cursor);
    const rows = await this.conversations.listForMember({
      userId: request.userId,
      archived: request.archived,
      after: after && { activeAt: after.at, id: after.id },
      limit: request.limit,
    });
    const page = rows.slice(0, request.limit);
    const last = page.at(-1);
    return {
      items: await this.summaries.viewsOf(page),
      nextCursor:
        rows.length > request.limit && last
          ? encodeTimeCursor({ at: last.activeAt.toISOString(), id: last.id })
          : null,
    };
  }
}
