import { Injectable } from '@nestjs/common';
import { type analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { lockUsers } from '../ingest/user-locks';
import { ChallengeProgress } from './challenge-progress';
import { ChallengeRepository } from './challenge.repository';

/** Leaves a challenge: the membership, its progress and its leaderboard entry go; leaving twice is a no-op. */
@Injectable()
export class LeaveChallengeUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly challenges: ChallengeRepository,
    private readonly progress: ChallengeProgress,
  ) {}

  async execute(
    request: RpcRequest<typeof analyticsRpc.leaveChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.leaveChallenge>> {
    const { userId, challengeId } = request;
    await this.outbox.transaction(async (manager) => {
      // Serialises with ingest batches, which would otherwise recount a member being removed.
      await lockUsers(manager, [userId]);
      if ((await this.challenges.findVisible(manager, userId, challengeId)) === null)
        throw notFound('challenge');
      await this.challenges.removeMember(manager, challengeId, userId);
    });
    // Also when they were no member: repairs an entry a crash left behind.
    await this.progress.removeFromLeaderboard(challengeId, userId);
    return {};
  }
}
