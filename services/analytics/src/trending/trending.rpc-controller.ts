import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { TrendingUseCase } from './trending.use-case';

@Controller()
export class TrendingRpcController {
  constructor(private readonly trending: TrendingUseCase) {}

  @MessagePattern(analyticsRpc.trending.type)
  trendingNow(
    @Payload() request: RpcRequest<typeof analyticsRpc.trending>,
  ): Promise<RpcResponse<typeof analyticsRpc.trending>> {
    return this.trending.execute(request);
  }
}
