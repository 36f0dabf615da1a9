import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ConversationEventsUseCase } from '../conversation-log/conversation-events.use-case';
import { MarkReadUseCase } from './mark-read.use-case';

/** Read markers and resync: where a member is in a conversation's log, and what they missed. */
@Controller()
export class ReadMarkerRpcController {
  constructor(
    private readonly markRead: MarkReadUseCase,
    private readonly conversationEvents: ConversationEventsUseCase,
  ) {}

  @MessagePattern(messagingRpc.markRead.type)
  read(
    @Payload() request: RpcRequest<typeof messagingRpc.markRead>,
  ): Promise<RpcResponse<typeof messagingRpc.markRead>> {
    return this.markRead.execute(request);
  }

  @MessagePattern(messagingRpc.conversationEvents.type)
  events(
    @Payload() request: RpcRequest<typeof messagingRpc.conversationEvents>,
  ): Promise<RpcResponse<typeof messagingRpc.conversationEvents>> {
    return this.conversationEvents.execute(request);
  }
}
