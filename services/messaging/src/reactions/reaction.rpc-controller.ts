import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { messagingRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { AddReactionUseCase } from './add-reaction.use-case';
import { RemoveReactionUseCase } from './remove-reaction.use-case';

@Controller()
export class ReactionRpcController {
  constructor(
    private readonly addReaction: AddReactionUseCase,
    private readonly removeReaction: RemoveReactionUseCase,
  ) {}

  @MessagePattern(messagingRpc.addReaction.type)
  add(
    @Payload() request: RpcRequest<typeof messagingRpc.addReaction>,
  ): Promise<RpcResponse<typeof messagingRpc.addReaction>> {
    return this.addReaction.execute(request);
  }

  @MessagePattern(messagingRpc.removeReaction.type)
  remove(
    @Payload() request: RpcRequest<typeof messagingRpc.removeReaction>,
  ): Promise<RpcResponse<typeof messagingRpc.removeReaction>> {
    return this.removeReaction.execute(request);
  }
}
