import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ConversationRoomsUseCase } from './conversation-rooms.use-case';
import { CreateConversationUseCase } from './create-conversation.use-case';
import { GetConversationUseCase } from './get-conversation.use-case';
import { ListConversationsUseCase } from './list-conversations.use-case';
import { UpdateConversationUseCase } from './update-conversation.use-case';

@Controller()
export class ConversationRpcController {
  constructor(
    private readonly createConversation: CreateConversationUseCase,
    private readonly listConversations: ListConversationsUseCase,
    private readonly getConversation: GetConversationUseCase,
    private readonly updateConversation: UpdateConversationUseCase,
    private readonly conversationRooms: ConversationRoomsUseCase,
  ) {}

  @MessagePattern(messagingRpc.createConversation.type)
  create(
    @Payload() request: RpcRequest<typeof messagingRpc.createConversation>,
  ): Promise<RpcResponse<typeof messagingRpc.createConversation>> {
    return this.createConversation.execute(request);
  }

  @MessagePattern(messagingRpc.listConversations.type)
  list(
    @Payload() request: RpcRequest<typeof messagingRpc.listConversations>,
  ): Promise<RpcResponse<typeof messagingRpc.listConversations>> {
    return this.listConversations.execute(request);
  }

  @MessagePattern(messagingRpc.getConversation.type)
  get(
    @Payload() request: RpcRequest<typeof messagingRpc.getConversation>,
  ): Promise<RpcResponse<typeof messagingRpc.getConversation>> {
    return this.getConversation.execute(request);
  }

  @MessagePattern(messagingRpc.updateConversation.type)
  update(
    @Payload() request: RpcRequest<typeof messagingRpc.updateConversation>,
  ): Promise<RpcResponse<typeof messagingRpc.updateConversation>> {
    return this.updateConversation.execute(request);
  }

  @MessagePattern(messagingRpc.conversationRooms.type)
  rooms(
    @Payload() request: RpcRequest<typeof messagingRpc.conversationRooms>,
  ): Promise<RpcResponse<typeof messagingRpc.conversationRooms>> {
    return this.conversationRooms.execute(request);
  }
}
