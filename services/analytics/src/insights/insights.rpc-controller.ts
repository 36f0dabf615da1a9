import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { DashboardUseCase } from './dashboard.use-case';
import { HeatmapUseCase } from './heatmap.use-case';
import { StreakUseCase } from './streak.use-case';

/** The person's own numbers: dashboard, streak and heatmap. */
@Controller()
export class InsightsRpcController {
  constructor(
    private readonly dashboardUseCase: DashboardUseCase,
    private readonly streakUseCase: StreakUseCase,
    private readonly heatmapUseCase: HeatmapUseCase,
  ) {}

  @MessagePattern(analyticsRpc.dashboard.type)
  dashboard(
    @Payload() request: RpcRequest<typeof analyticsRpc.dashboard>,
  ): Promise<RpcResponse<typeof analyticsRpc.dashboard>> {
    return this.dashboardUseCase.execute(request);
  }

  @MessagePattern(analyticsRpc.streak.type)
  streak(
    @Payload() request: RpcRequest<typeof analyticsRpc.streak>,
  ): Promise<RpcResponse<typeof analyticsRpc.streak>> {
    return this.streakUseCase.execute(request);
  }

  @MessagePattern(analyticsRpc.heatmap.type)
  heatmap(
    @Payload() request: RpcRequest<typeof analyticsRpc.heatmap>,
  ): Promise<RpcResponse<typeof analyticsRpc.heatmap>> {
    return this.heatmapUseCase.execute(request);
  }
}
