import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { DeleteMessageUseCase } from './delete-message.use-case';
import { EditMessageUseCase } from './edit-message.use-case';
import { ListMessagesUseCase } from './list-messages.use-case';
import { SendMessageUseCase } from './send-message.use-case';

@Controller()
export class MessageRpcController {
  constructor(
    private readonly sendMessage: SendMessageUseCase,
    private readonly listMessages: ListMessagesUseCase,
    private readonly editMessage: EditMessageUseCase,
    private readonly deleteMessage: DeleteMessageUseCase,
  ) {}

  @MessagePattern(messagingRpc.sendMessage.type)
  send(
    @Payload() request: RpcRequest<typeof messagingRpc.sendMessage>,
  ): Promise<RpcResponse<typeof messagingRpc.sendMessage>> {
    return this.sendMessage.execute(request);
  }

  @MessagePattern(messagingRpc.listMessages.type)
  list(
    @Payload() request: RpcRequest<typeof messagingRpc.listMessages>,
  ): Promise<RpcResponse<typeof messagingRpc.listMessages>> {
    return this.listMessages.execute(request);
  }

  @MessagePattern(messagingRpc.editMessage.type)
  edit(
    @Payload() request: RpcRequest<typeof messagingRpc.editMessage>,
  ): Promise<RpcResponse<typeof messagingRpc.editMessage>> {
    return this.editMessage.execute(request);
  }

  @MessagePattern(messagingRpc.deleteMessage.type)
  delete(
    @Payload() request: RpcRequest<typeof messagingRpc.deleteMessage>,
  ): Promise<RpcResponse<typeof messagingRpc.deleteMessage>> {
    return this.deleteMessage.execute(request);
  }
}
