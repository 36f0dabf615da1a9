import { Injectable } from '@nestjs/common';
import { type messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ConversationSummaries } from './conversation-summaries';

/** One conversation as the caller sees it; NOT_FOUND unless they are a member. */
@Injectable()
export class GetConversationUseCase {
  constructor(private readonly summaries: ConversationSummaries) {}

  async execute(
    request: RpcRequest<typeof messagingRpc.getConversation>,
  ): Promise<RpcResponse<typeof messagingRpc.getConversation>> {
    return { conversation: await this.summaries.viewFor(undefined, request.conversationId, request.userId) };
  }
}
