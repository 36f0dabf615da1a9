import { type ChallengeView } from '@tracera/contracts';
import { type ChallengeRow } from './challenge.repository';

/** A challenge as the contracts describe it, from a row read for the caller. */
export function challengeViewOf(row: ChallengeRow): ChallengeView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    metric: row.metric,
    target: row.target,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    visibility: row.visibility,
    ownerId: row.ownerId,
    status: row.status,
    memberCount: row.memberCount,
    me:
      row.me === null
        ? null
        : {
            score: row.me.score,
            rank: row.me.rank,
            completedAt: row.me.completedAt?.toISOString() ?? null,
          },
    createdAt: row.createdAt.toISOString(),
  };
}
