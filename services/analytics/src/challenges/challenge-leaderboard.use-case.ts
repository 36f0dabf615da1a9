import { Injectable } from '@nestjs/common';
import { type analyticsRpc, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { notFound } from '@tracera/streams';
import { UserDirectory } from '../directory/user-directory';
import { ChallengeLeaderboard } from './challenge-leaderboard';
import { ChallengeProgress } from './challenge-progress';
import { ChallengeRepository } from './challenge.repository';

type Request = RpcRequest<typeof analyticsRpc.leaderboard>;
type Response = RpcResponse<typeof analyticsRpc.leaderboard>;

/**
 * A challenge's ranking from its Redis sorted set (reloaded from Postgres when Redis lost it): the top, or
 * with `around: 'me'` the caller's neighbours (limit/2 either side; the top when they do not take part).
 */
@Injectable()
export class ChallengeLeaderboardUseCase {
  constructor(
    private readonly challenges: ChallengeRepository,
    private readonly progress: ChallengeProgress,
    private readonly leaderboard: ChallengeLeaderboard,
    private readonly directory: UserDirectory,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId, challengeId, limit } = request;
    const challenge = await this.challenges.findVisible(undefined, userId, challengeId);
    if (challenge === null) throw notFound('challenge');
    await this.progress.ensureLeaderboard(challengeId, challenge.endsAt);
    const read = async () => {
      const me = await this.callerStanding(
        challengeId,
        challenge.endsAt,
        userId,
        challenge.me?.score ?? null,
      );
      const start =
        request.around === 'me' && me !== null ? Math.max(0, me.rank - 1 - Math.floor(limit / 2)) : 0;
      const entries = await this.leaderboard.range(challengeId, start, limit);
      return { me, entries };
    };
    let { me, entries } = await read();
    // Postgres is the truth: entries shown are checked against it, and read again once mended.
    if (await this.progress.mend(challengeId, challenge.endsAt, entries)) ({ me, entries } = await read());
    const total = await this.leaderboard.size(challengeId);
    const profiles = await this.directory.profiles(entries.map((entry) => entry.userId));
    return {
      items: entries.map((entry) => {
        const profile = profiles.get(entry.userId);
        return {
          rank: entry.rank,
          userId: entry.userId,
          // Someone neither this copy nor auth knows keeps their place, under their id.
          username: profile?.username ?? entry.userId,
          displayName: profile?.displayName ?? entry.userId,
          score: entry.score,
          completed: entry.score >= challenge.target,
        };
      }),
      me,
      total,
    };
  }

  /**
   * The caller's place on the board, first mending their own entry when it disagrees with Postgres (a
   * write lost after a join, leave or ingest commit), so the caller always sees themselves right.
   */
  private async callerStanding(
    challengeId: string,
    endsAt: Date,
    userId: string,
    scoreInPostgres: number | null,
  ): Promise<{ rank: number; score: number } | null> {
    const onBoard = await this.leaderboard.standingOf(challengeId, userId);
    if ((onBoard?.score ?? null) === scoreInPostgres) return onBoard;
    await this.progress.mend(challengeId, endsAt, [{ userId, score: onBoard?.score ?? -1 }]);
    return this.leaderboard.standingOf(challengeId, userId);
  }
}
