import { Injectable } from '@nestjs/common';
import { type analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { conflict, notFound, Outbox } from '@tracera/streams';
import { lockUsers } from '../ingest/user-locks';
import { ChallengeProgress } from './challenge-progress';
import { challengeViewOf } from './challenge-view';
import { ChallengeRepository } from './challenge.repository';

/**
 * Joins a challenge the caller may see (an invite-only one only with an invite, else it is invisible:
 * NOT_FOUND); joining twice is a no-op, an ended challenge is CONFLICT. The caller's activity already in the
 * period counts at once.
 */
@Injectable()
export class JoinChallengeUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly challenges: ChallengeRepository,
    private readonly progress: ChallengeProgress,
  ) {}

  async execute(
    request: RpcRequest<typeof analyticsRpc.joinChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.joinChallenge>> {
    const { userId, challengeId } = request;
    const joined = await this.outbox.transaction(async (manager) => {
      // Serialises with ingest batches: the backfill below and their progress never miss each other's rows.
      await lockUsers(manager, [userId]);
      const challenge = await this.challenges.findVisible(manager, userId, challengeId);
      if (challenge === null) throw notFound('challenge');
      if (challenge.me !== null) return false;
      if (challenge.status === 'ended') throw conflict('the challenge has ended');
      await this.challenges.addMember(manager, challengeId, userId);
      await this.progress.backfillInTransaction(manager, challengeId, userId);
      return true;
    });
    if (joined) await this.progress.syncMembers(challengeId, [userId]);
    const row = await this.challenges.findVisible(undefined, userId, challengeId);
    if (row === null) throw notFound('challenge');
    return { challenge: challengeViewOf(row) };
  }
}
