import { Injectable } from '@nestjs/common';
import { type analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { forbidden, notFound, Outbox, validationFailed } from '@tracera/streams';
import { UserDirectory } from '../directory/user-directory';
import { challengeViewOf } from './challenge-view';
import { ChallengeRepository } from './challenge.repository';

/** The owner invites people (who may then see and join the challenge); FORBIDDEN for anyone else. */
@Injectable()
export class InviteToChallengeUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly challenges: ChallengeRepository,
    private readonly directory: UserDirectory,
  ) {}

  async execute(
    request: RpcRequest<typeof analyticsRpc.inviteToChallenge>,
  ): Promise<RpcResponse<typeof analyticsRpc.inviteToChallenge>> {
    const { userId, challengeId } = request;
    const challenge = await this.challenges.findVisible(undefined, userId, challengeId);
    if (challenge === null) throw notFound('challenge');
    if (challenge.ownerId !== userId) throw forbidden('only the owner invites to a challenge');
    const invitees = [...new Set(request.userIds)].filter((id) => id !== userId).sort();
    const known = await this.directory.profiles(invitees, { strict: true });
    const unknown = invitees.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw validationFailed([{ field: 'userIds', message: `names unknown people: ${unknown.join(', ')}` }]);
    }
    await this.outbox.transaction((manager) => this.challenges.invite(manager, challengeId, invitees));
    const row = await this.challenges.findVisible(undefined, userId, challengeId);
    if (row === null) throw notFound('challenge');
    return { challenge: challengeViewOf(row) };
  }
}
