import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { ChallengeLeaderboardUseCase } from './challenge-leaderboard.use-case';
import { CreateChallengeUseCase } from './create-challenge.use-case';
import { GetChallengeUseCase } from './get-challenge.use-case';
import { InviteToChallengeUseCase } from './invite-to-challenge.use-case';
import { JoinChallengeUseCase } from './join-challenge.use-case';
import { LeaveChallengeUseCase } from './leave-challenge.use-case';
import { ListChallengesUseCase } from './list-challenges.use-case';

@Controller()
export class ChallengeRpcController {
  constructor(
    private readonly createChallenge: CreateChallengeUseCase,
    private readonly listChallenges: ListChallengesUseCase,
    private readonly getChallenge: GetChallengeUseCase,
    private readonly joinChallenge: JoinChallengeUseCase,
    private readonly leaveChallenge: LeaveChallengeUseCase,
    private readonly inviteToChallenge: InviteToChallengeUseCase,
    private readonly challengeLeaderboard: ChallengeLeaderboardUseCase,
  ) {}

  @MessagePattern(analyticsRpc.createChallenge.type)
  create(
    @Payload() request: RpcRequest<typeof analyticsRpc.createChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.createChallenge>> {
    return this.createChallenge.execute(request);
  }

  @MessagePattern(analyticsRpc.listChallenges.type)
  list(
    @Payload() request: RpcRequest<typeof analyticsRpc.listChallenges>,
  ): Promise<RpcResponse<typeof analyticsRpc.listChallenges>> {
    return this.listChallenges.execute(request);
  }

  @MessagePattern(analyticsRpc.getChallenge.type)
  get(
    @Payload() request: RpcRequest<typeof analyticsRpc.getChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.getChallenge>> {
    return this.getChallenge.execute(request);
  }

  @MessagePattern(analyticsRpc.joinChallenge.type)
  join(
    @Payload() request: RpcRequest<typeof analyticsRpc.joinChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.joinChallenge>> {
    return this.joinChallenge.execute(request);
  }

  @MessagePattern(analyticsRpc.leaveChallenge.type)
  leave(
    @Payload() request: RpcRequest<typeof analyticsRpc.leaveChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.leaveChallenge>> {
    return this.leaveChallenge.execute(request);
  }

  @MessagePattern(analyticsRpc.inviteToChallenge.type)
  invite(
    @Payload() request: RpcRequest<typeof analyticsRpc.inviteToChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.inviteToChallenge>> {
    return this.inviteToChallenge.execute(request);
  }

  @MessagePattern(analyticsRpc.leaderboard.type)
  leaderboard(
    @Payload() request: RpcRequest<typeof analyticsRpc.leaderboard>,
  ): Promise<RpcResponse<typeof analyticsRpc.leaderboard>> {
    return this.challengeLeaderboard.execute(request);
  }
}
