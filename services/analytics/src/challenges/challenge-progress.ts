import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { analyticsEvent, CHALLENGE_METRIC_ACTIVITY } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { type IngestedActivity } from '../ingest/ingested-activity';
import { retentionCutoff } from '../ingest/retention-horizon';
import { ChallengeLeaderboard } from './challenge-leaderboard';
import {
  ChallengeRepository,
  type Completion,
  type CountableActivity,
  type Standing,
} from './challenge.repository';

const COUNTED_TYPES: ReadonlySet<string> = new Set(Object.values(CHALLENGE_METRIC_ACTIVITY));

/** The activity a challenge could count: a metric's type about an item. */
function countable(rows: readonly IngestedActivity[]): CountableActivity[] {
  return rows.flatMap((row) =>
    COUNTED_TYPES.has(row.type) && row.subjectId !== null
      ? [{ userId: row.userId, type: row.type, subjectId: row.subjectId, occurredAt: row.occurredAt }]
      : [],
  );
}

/**
 * Challenge progress from ingested activity: progress rows, standings and `challenge.completed` in the
 * ingest transaction, leaderboards after it commits. Also used by joins (backfill) and the rebuild.
 */
@Injectable()
export class ChallengeProgress {
  constructor(
    private readonly challenges: ChallengeRepository,
    private readonly leaderboard: ChallengeLeaderboard,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts the rows this transaction inserted; the caller holds their people's user locks. */
  async applyInTransaction(manager: EntityManager, inserted: IngestedActivity[]): Promise<void> {
    const changed = await this.challenges.recordProgress(manager, countable(inserted));
    await this.announce(manager, await this.challenges.recomputeMembers(manager, changed));
  }

  /**
   * Writes the standings every row of the batch could touch to the leaderboards, read afresh from Postgres:
   * a redelivered batch (nothing inserted) still repairs Redis, without counting anything twice.
   */
  async afterCommit(batch: IngestedActivity[]): Promise<void> {
    await this.leaderboard.merge(await this.challenges.standingsMatching(countable(batch)));
  }

  /** Counts a new member's activity already in the period (join), in the caller's transaction. */
  async backfillInTransaction(manager: EntityManager, challengeId: string, userId: string): Promise<void> {
    await this.challenges.backfillProgress(manager, challengeId, userId);
    await this.announce(manager, await this.challenges.recomputeMembers(manager, [{ challengeId, userId }]));
  }

  /**
   * Recounts progress and standings from analytics.activity (no events: nobody completes twice). Only
   * challenges that start within retention: older ones were counted from rows retention has deleted since.
   */
  async rebuildAll(manager: EntityManager, now = new Date()): Promise<void> {
    await this.challenges.rebuildAll(manager, retentionCutoff(now, this.config.analytics.retentionDays));
  }

  /** Replaces every leaderboard by the standings in Postgres. */
  async syncAllLeaderboards(): Promise<void> {
    const byChallenge = new Map<string, Standing[]>();
    for (const standing of await this.challenges.allStandings(null)) {
      const group = byChallenge.get(standing.challengeId);
      if (group === undefined) byChallenge.set(standing.challengeId, [standing]);
      else group.push(standing);
    }
    for (const challenge of await this.challenges.allChallengeIds()) {
      await this.leaderboard.replace(challenge.id, challenge.endsAt, byChallenge.get(challenge.id) ?? []);
    }
  }

  /** Reloads one challenge's leaderboard from Postgres when Redis lost it (or never had it). */
  async ensureLeaderboard(challengeId: string, endsAt: Date): Promise<void> {
    if (await this.leaderboard.isComplete(challengeId)) return;
    await this.leaderboard.fill(challengeId, endsAt, await this.challenges.allStandings(challengeId));
  }

  /**
   * Writes these members' standings from Postgres to their board (after a join commits), over whatever entry
   * a lost leave left behind; an ingest committing a higher score after this read merges it in afterwards.
   */
  async syncMembers(challengeId: string, userIds: readonly string[]): Promise<void> {
    const pairs = userIds.map((userId) => ({ challengeId, userId }));
    const standings = await this.challenges.standingsOf(undefined, pairs);
    if (standings.length > 0) await this.leaderboard.force(challengeId, standings[0].endsAt, standings);
  }

  /**
   * Makes these board entries agree with Postgres: wrong scores are overwritten, people no longer taking part
   * removed (a leave's Redis write lost, or a stale after-commit merge landing after it). Whether any changed.
   */
  async mend(
    challengeId: string,
    endsAt: Date,
    entries: readonly { userId: string; score: number }[],
  ): Promise<boolean> {
    if (entries.length === 0) return false;
    const standings = await this.challenges.standingsOf(
      undefined,
      entries.map(({ userId }) => ({ challengeId, userId })),
    );
    const truth = new Map(standings.map((standing) => [standing.userId, standing]));
    const gone = entries.filter(({ userId }) => !truth.has(userId)).map(({ userId }) => userId);
    const wrong = entries.flatMap(({ userId, score }) => {
      const standing = truth.get(userId);
      return standing !== undefined && standing.score !== score ? [standing] : [];
    });
    if (gone.length === 0 && wrong.length === 0) return false;
    await this.leaderboard.remove(challengeId, gone);
    if (wrong.length > 0) await this.leaderboard.force(challengeId, endsAt, wrong);
    return true;
  }

  removeFromLeaderboard(challengeId: string, userId: string): Promise<void> {
    return this.leaderboard.remove(challengeId, [userId]);
  }

  // Appended last in the transaction (the outbox stays locked from there to commit).
  private async announce(manager: EntityManager, completions: readonly Completion[]): Promise<void> {
    for (const completion of completions) {
      await this.outbox.emit(
        manager,
        analyticsEvent.challengeCompleted,
        {
          userId: completion.userId,
          challengeId: completion.challengeId,
          title: completion.title,
          metric: completion.metric,
          target: completion.target,
          score: completion.score,
          completedAt: completion.completedAt.toISOString(),
        },
        { actor: completion.userId },
      );
    }
  }
}
