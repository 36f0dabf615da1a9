import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { RecommendItemsUseCase } from './recommend-items.use-case';

@Controller()
export class RecommendationsRpcController {
  constructor(private readonly recommendItems: RecommendItemsUseCase) {}

  @MessagePattern(analyticsRpc.recommendations.type)
  recommendations(
    @Payload() request: RpcRequest<typeof analyticsRpc.recommendations>,
  ): Promise<RpcResponse<typeof analyticsRpc.recommendations>> {
    return this.recommendItems.execute(request);
  }
}
