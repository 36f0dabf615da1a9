import { Injectable } from '@nestjs/common';
import { type analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { decodeChallengeCursor, encodeChallengeCursor } from './challenge-cursor';
import { challengeViewOf } from './challenge-view';
import { ChallengeRepository } from './challenge.repository';

type Request = RpcRequest<typeof analyticsRpc.listChallenges>;
type Response = RpcResponse<typeof analyticsRpc.listChallenges>;

/** Challenges the caller may see, newest first, optionally only by status or those they take part in. */
@Injectable()
export class ListChallengesUseCase {
  constructor(private readonly challenges: ChallengeRepository) {}

  async execute(request: Request): Promise<Response> {
    const rows = await this.challenges.listVisible({
      userId: request.userId,
      status: request.status,
      joined: request.joined,
      after: decodeChallengeCursor(request.cursor),
      limit: request.limit,
    });
    const page = rows.slice(0, request.limit);
    const last = page.at(-1);
    return {
      items: page.map(challengeViewOf),
      nextCursor:
        rows.length > request.limit && last
          ? encodeChallengeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }
}
