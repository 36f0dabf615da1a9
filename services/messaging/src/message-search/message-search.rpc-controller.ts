import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { SearchMessagesUseCase } from './search-messages.use-case';

@Controller()
export class MessageSearchRpcController {
  constructor(private readonly searchMessages: SearchMessagesUseCase) {}

  @MessagePattern(messagingRpc.searchMessages.type)
  search(
    @Payload() request: RpcRequest<typeof messagingRpc.searchMessages>,
  ): Promise<RpcResponse<typeof messagingRpc.searchMessages>> {
    return this.searchMessages.execute(request);
  }
}
