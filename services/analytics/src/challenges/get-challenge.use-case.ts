import { Injectable } from '@nestjs/common';
import { type analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound } from '@tracera/streams';
import { challengeViewOf } from './challenge-view';
import { ChallengeRepository } from './challenge.repository';

/** One challenge; NOT_FOUND when it does not exist or the caller may not see it. */
@Injectable()
export class GetChallengeUseCase {
  constructor(private readonly challenges: ChallengeRepository) {}

  async execute(
    request: RpcRequest<typeof analyticsRpc.getChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.getChallenge>> {
    const row = await this.challenges.findVisible(undefined, request.userId, request.challengeId);
    if (row === null) throw notFound('challenge');
    return { challenge: challengeViewOf(row) };
  }
}
