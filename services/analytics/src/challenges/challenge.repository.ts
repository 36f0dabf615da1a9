import { Injectable } from '@nestjs/common';
import {
  CHALLENGE_METRIC_ACTIVITY,
  type ChallengeMetric,
  type challengeStatusField,
  type challengeVisibilityField,
} from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';
import { type z } from 'zod';

export type ChallengeStatus = z.infer<typeof challengeStatusField>;
export type ChallengeVisibility = z.infer<typeof challengeVisibilityField>;

export interface ChallengeRow {
  id: string;
  ownerId: string;
  title: string;
  description: string;
  metric: ChallengeMetric;
  target: number;
  startsAt: Date;
  endsAt: Date;
  visibility: ChallengeVisibility;
  createdAt: Date;
  status: ChallengeStatus;
  memberCount: number;
  /** The caller's standing; null when they do not take part. */
  me: { score: number; rank: number; completedAt: Date | null } | null;
}

export interface NewChallenge {
  id: string;
  ownerId: string;
  title: string;
  description: string;
  metric: ChallengeMetric;
  target: number;
  startsAt: Date;
  endsAt: Date;
  visibility: ChallengeVisibility;
  idempotencyKey: string | null;
  requestHash: string | null;
}

/** A participant's standing as Postgres holds it: what the leaderboard mirrors. */
export interface Standing {
  challengeId: string;
  userId: string;
  score: number;
  reachedAt: Date | null;
  endsAt: Date;
}

/** A participant whose score reached the target for the first time in this transaction. */
export interface Completion {
  challengeId: string;
  userId: string;
  title: string;
  metric: ChallengeMetric;
  target: number;
  score: number;
  completedAt: Date;
}

/** A member (challenge, user) pair. */
export interface Participation {
  challengeId: string;
  userId: string;
}

/** Where a page of challenges (newest first) continues. */
export interface ChallengeCursor {
  createdAt: string;
  id: string;
}

/** An activity row as far as progress cares: who, what kind, about which item, when. */
export interface CountableActivity {
  userId: string;
  type: string;
  subjectId: string;
  occurredAt: Date;
}

interface ViewRow {
  id: string;
  owner_id: string;
  title: string;
  description: string;
  metric: ChallengeMetric;
  target: number;
  starts_at: Date;
  ends_at: Date;
  visibility: ChallengeVisibility;
  created_at: Date;
  status: ChallengeStatus;
  member_count: number;
  my_score: number | null;
  my_rank: number | null;
  my_completed_at: Date | null;
  joined: boolean;
}

const METRICS = Object.keys(CHALLENGE_METRIC_ACTIVITY);
const METRIC_TYPES = Object.values(CHALLENGE_METRIC_ACTIVITY);

// Every metric's activity type, as a relation `metric_activity(metric, type)` joined in the SQL below.
const METRIC_ACTIVITY = `unnest('{${METRICS.join(',')}}'::text[], '{${METRIC_TYPES.join(',')}}'::text[])
  AS metric_activity(metric, type)`;

// A challenge row as a caller sees it: status against now, member count, and the caller's standing with the
// rank the leaderboard gives (score desc, earlier reached_at, user id; never reached sorts last).
const VIEW_SELECT = `
  SELECT c.id, c.owner_id, c.title, c.description, c.metric, c.target, c.starts_at, c.ends_at, c.visibility,
         c.created_at,
         CASE WHEN now() < c.starts_at THEN 'upcoming' WHEN now() < c.ends_at THEN 'active' ELSE 'ended' END
           AS status,
         (SELECT count(*)::int FROM analytics.challenge_members all_m WHERE all_m.challenge_id = c.id) AS member_count,
         me.score AS my_score,
         me.completed_at AS my_completed_at,
         me.user_id IS NOT NULL AS joined,
         CASE WHEN me.user_id IS NOT NULL THEN 1 + (
           SELECT count(*)::int FROM analytics.challenge_members ahead
            WHERE ahead.challenge_id = c.id
              AND (-ahead.score, coalesce(ahead.reached_at, 'infinity'), ahead.user_id)
                < (-me.score, coalesce(me.reached_at, 'infinity'), me.user_id)) END AS my_rank
    FROM analytics.challenges c
    LEFT JOIN analytics.challenge_members me ON me.challenge_id = c.id AND me.user_id = $1`;

// Public challenges, and invite-only ones the caller ($1) owns, was invited to or joined.
const VISIBLE_TO_CALLER = `(c.visibility = 'public' OR c.owner_id = $1 OR me.user_id IS NOT NULL
  OR EXISTS (SELECT 1 FROM analytics.challenge_invites i WHERE i.challenge_id = c.id AND i.user_id = $1))`;

// Recomputes members' score, reached_at and completed_at from their progress rows ($1/$2 = the pairs, or
// NULL for every member). reached_at is when the current score was reached (the latest counted item);
// completed_at when the target was (the target-th item in time order), so a rebuild reproduces both.
const RECOMPUTE_MEMBERS = `
  WITH stats AS (
    SELECT m.challenge_id, m.user_id, m.completed_at AS was_completed_at,
           count(p.subject_id)::int AS score,
           max(p.occurred_at) AS reached_at,
           (array_agg(p.occurred_at ORDER BY p.occurred_at, p.subject_id)
              FILTER (WHERE p.subject_id IS NOT NULL))[c.target] AS completed_at
      FROM analytics.challenge_members m
      JOIN analytics.challenges c ON c.id = m.challenge_id
      LEFT JOIN analytics.challenge_progress p ON p.challenge_id = m.challenge_id AND p.user_id = m.user_id
     WHERE $1::uuid[] IS NULL
        OR (m.challenge_id, m.user_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
     GROUP BY m.challenge_id, m.user_id, m.completed_at, c.target
  )
  UPDATE analytics.challenge_members m
     SET score = s.score, reached_at = s.reached_at, completed_at = s.completed_at
    FROM stats s, analytics.challenges c
   WHERE m.challenge_id = s.challenge_id AND m.user_id = s.user_id AND c.id = m.challenge_id
  RETURNING m.challenge_id, m.user_id, m.score, m.completed_at, c.title, c.metric, c.target,
            (s.was_completed_at IS NULL AND m.completed_at IS NOT NULL) AS newly_completed`;

function toChallenge(row: ViewRow): ChallengeRow {
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    description: row.description,
    metric: row.metric,
    target: row.target,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    visibility: row.visibility,
    createdAt: row.created_at,
    status: row.status,
    memberCount: row.member_count,
    me: row.joined
      ? { score: row.my_score ?? 0, rank: row.my_rank ?? 1, completedAt: row.my_completed_at }
      : null,
  };
}

/** Every SQL on analytics.challenges, challenge_invites, challenge_members and challenge_progress. */
@Injectable()
export class ChallengeRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  /** The challenge as `userId` sees it, or null when it does not exist or they may not see it. */
  async findVisible(
    manager: EntityManager | undefined,
    userId: string,
    challengeId: string,
  ): Promise<ChallengeRow | null> {
    const rows = await this.db(manager).query<ViewRow[]>(
      `${VIEW_SELECT} WHERE c.id = $2 AND ${VISIBLE_TO_CALLER}`,
      [userId, challengeId],
    );
    return rows[0] === undefined ? null : toChallenge(rows[0]);
  }

  /** Visible challenges, newest first; one more than `limit` tells there is a next page. */
  async listVisible(options: {
    userId: string;
    status?: ChallengeStatus;
    joined?: boolean;
    after?: ChallengeCursor;
    limit: number;
  }): Promise<ChallengeRow[]> {
    const rows = await this.db().query<ViewRow[]>(
      `SELECT * FROM (${VIEW_SELECT} WHERE ${VISIBLE_TO_CALLER}) visible
        WHERE ($2::text IS NULL OR status = $2)
          AND ($3::boolean IS NULL OR joined = $3)
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $6`,
      [
        options.userId,
        options.status ?? null,
        options.joined ?? null,
        options.after?.createdAt ?? null,
        options.after?.id ?? null,
        options.limit + 1,
      ],
    );
    return rows.map(toChallenge);
  }

  async findIdByIdempotencyKey(
    manager: EntityManager | undefined,
    ownerId: string,
    key: string,
  ): Promise<{ id: string; requestHash: string | null } | null> {
    const rows = await this.db(manager).query<{ id: string; request_hash: string | null }[]>(
      'SELECT id, request_hash FROM analytics.challenges WHERE owner_id = $1 AND idempotency_key = $2',
      [ownerId, key],
    );
    return rows[0] === undefined ? null : { id: rows[0].id, requestHash: rows[0].request_hash };
  }

  /** Serialises creates carrying the same key until the transaction ends, so a double submit runs once. */
  async lockIdempotencyKey(manager: EntityManager, ownerId: string, key: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      `analytics.challenge-idempotency:${ownerId}`,
      key,
    ]);
  }

  async insert(manager: EntityManager, challenge: NewChallenge): Promise<void> {
    await manager.query(
      `INSERT INTO analytics.challenges
         (id, owner_id, title, description, metric, target, starts_at, ends_at, visibility, idempotency_key,
          request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        challenge.id,
        challenge.ownerId,
        challenge.title,
        challenge.description,
        challenge.metric,
        challenge.target,
        challenge.startsAt,
        challenge.endsAt,
        challenge.visibility,
        challenge.idempotencyKey,
        challenge.requestHash,
      ],
    );
  }

  async invite(manager: EntityManager, challengeId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(
      `INSERT INTO analytics.challenge_invites (challenge_id, user_id)
       SELECT $1, invitee FROM unnest($2::uuid[]) AS invitee
       ON CONFLICT DO NOTHING`,
      [challengeId, userIds],
    );
  }

  /** Adds the member (score 0); false when they already take part. */
  async addMember(manager: EntityManager, challengeId: string, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO analytics.challenge_members (challenge_id, user_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [challengeId, userId],
    );
    return rows.length > 0;
  }

  /** Removes the member with their progress; false when they did not take part. */
  async removeMember(manager: EntityManager, challengeId: string, userId: string): Promise<boolean> {
    // A DELETE answers [rows, affected] through TypeORM.
    const [, affected] = await manager.query<[unknown[], number]>(
      'DELETE FROM analytics.challenge_members WHERE challenge_id = $1 AND user_id = $2',
      [challengeId, userId],
    );
    return affected > 0;
  }

  /**
   * Counts the member's items already in analytics.activity for the period (each item once, at its first
   * qualifying time). The caller holds the member's user lock, so no ingest batch slips in between.
   */
  async backfillProgress(manager: EntityManager, challengeId: string, userId: string): Promise<void> {
    await manager.query(
      `INSERT INTO analytics.challenge_progress (challenge_id, user_id, subject_id, occurred_at)
       SELECT c.id, a.user_id, a.subject_id, min(a.occurred_at)
         FROM analytics.challenges c
         JOIN ${METRIC_ACTIVITY} ON metric_activity.metric = c.metric
         JOIN analytics.activity a
           ON a.user_id = $2 AND a.type = metric_activity.type AND a.subject_id IS NOT NULL
          AND a.occurred_at >= c.starts_at AND a.occurred_at < c.ends_at
        WHERE c.id = $1
        GROUP BY c.id, a.user_id, a.subject_id
       ON CONFLICT (challenge_id, user_id, subject_id)
         DO UPDATE SET occurred_at = LEAST(analytics.challenge_progress.occurred_at, excluded.occurred_at)`,
      [challengeId, userId],
    );
  }

  /**
   * Counts newly inserted activity for every challenge its person takes part in whose metric and period it
   * matches; an item already counted keeps its earliest time. Returns the pairs whose progress changed.
   */
  async recordProgress(
    manager: EntityManager,
    activity: readonly CountableActivity[],
  ): Promise<Participation[]> {
    if (activity.length === 0) return [];
    const rows = await manager.query<{ challenge_id: string; user_id: string }[]>(
      `INSERT INTO analytics.challenge_progress AS p (challenge_id, user_id, subject_id, occurred_at)
       SELECT m.challenge_id, a.user_id, a.subject_id, min(a.occurred_at)
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[]) AS a(user_id, type, subject_id, occurred_at)
         JOIN analytics.challenge_members m ON m.user_id = a.user_id
         JOIN analytics.challenges c ON c.id = m.challenge_id
         JOIN ${METRIC_ACTIVITY} ON metric_activity.metric = c.metric AND metric_activity.type = a.type
        WHERE a.occurred_at >= c.starts_at AND a.occurred_at < c.ends_at
        GROUP BY m.challenge_id, a.user_id, a.subject_id
       ON CONFLICT (challenge_id, user_id, subject_id)
         DO UPDATE SET occurred_at = excluded.occurred_at WHERE excluded.occurred_at < p.occurred_at
       RETURNING p.challenge_id, p.user_id`,
      [
        activity.map((row) => row.userId),
        activity.map((row) => row.type),
        activity.map((row) => row.subjectId),
        activity.map((row) => row.occurredAt),
      ],
    );
    const pairs = new Map<string, Participation>();
    for (const row of rows) {
      pairs.set(`${row.challenge_id}:${row.user_id}`, { challengeId: row.challenge_id, userId: row.user_id });
    }
    return [...pairs.values()];
  }

  /** Recomputes the pairs' standings from their progress; returns who completed for the first time. */
  async recomputeMembers(manager: EntityManager, pairs: readonly Participation[]): Promise<Completion[]> {
    if (pairs.length === 0) return [];
    return this.recompute(manager, [pairs.map((pair) => pair.challengeId), pairs.map((pair) => pair.userId)]);
  }

  /** Recounts the progress of challenges starting at `since` or later from analytics.activity, as ingest and joins would have. */
  async rebuildAll(manager: EntityManager, since: Date): Promise<void> {
    await manager.query(
      `DELETE FROM analytics.challenge_progress p USING analytics.challenges c
        WHERE c.id = p.challenge_id AND c.starts_at >= $1`,
      [since],
    );
    await manager.query(
      `INSERT INTO analytics.challenge_progress (challenge_id, user_id, subject_id, occurred_at)
       SELECT m.challenge_id, m.user_id, a.subject_id, min(a.occurred_at)
         FROM analytics.challenge_members m
         JOIN analytics.challenges c ON c.id = m.challenge_id
         JOIN ${METRIC_ACTIVITY} ON metric_activity.metric = c.metric
         JOIN analytics.activity a
           ON a.user_id = m.user_id AND a.type = metric_activity.type AND a.subject_id IS NOT NULL
          AND a.occurred_at >= c.starts_at AND a.occurred_at < c.ends_at
        WHERE c.starts_at >= $1
        GROUP BY m.challenge_id, m.user_id, a.subject_id`,
      [since],
    );
    const [members] = await manager.query<{ challenges: string[]; users: string[] }[]>(
      `SELECT coalesce(array_agg(m.challenge_id), '{}') AS challenges, coalesce(array_agg(m.user_id), '{}') AS users
         FROM analytics.challenge_members m JOIN analytics.challenges c ON c.id = m.challenge_id
        WHERE c.starts_at >= $1`,
      [since],
    );
    await this.recompute(manager, [members.challenges, members.users]);
  }

  private async recompute(
    manager: EntityManager,
    pairs: [string[] | null, string[] | null],
  ): Promise<Completion[]> {
    const rows = await manager.query<
      {
        challenge_id: string;
        user_id: string;
        score: number;
        completed_at: Date | null;
        title: string;
        metric: ChallengeMetric;
        target: number;
        newly_completed: boolean;
      }[]
    >(RECOMPUTE_MEMBERS, pairs);
    // UPDATE … RETURNING hands back [rows, count] through typeorm's query runner.
    const updated = (Array.isArray(rows[0]) ? rows[0] : rows) as typeof rows;
    return updated
      .filter((row) => row.newly_completed)
      .map((row) => ({
        challengeId: row.challenge_id,
        userId: row.user_id,
        title: row.title,
        metric: row.metric,
        target: row.target,
        score: row.score,
        completedAt: row.completed_at!,
      }))
      .sort((a, b) => a.challengeId.localeCompare(b.challengeId) || a.userId.localeCompare(b.userId));
  }

  /** Current standings of the given pairs (members only) as Postgres holds them. */
  async standingsOf(
    manager: EntityManager | undefined,
    pairs: readonly Participation[],
  ): Promise<Standing[]> {
    if (pairs.length === 0) return [];
    const rows = await this.db(manager).query<StandingRow[]>(
      `SELECT m.challenge_id, m.user_id, m.score, m.reached_at, c.ends_at
         FROM analytics.challenge_members m
         JOIN analytics.challenges c ON c.id = m.challenge_id
        WHERE (m.challenge_id, m.user_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [pairs.map((pair) => pair.challengeId), pairs.map((pair) => pair.userId)],
    );
    return rows.map(toStanding);
  }

  /**
   * Current standings of the members the given activity could touch (same person, metric and period), found
   * and read in one query.
   */
  async standingsMatching(activity: readonly CountableActivity[]): Promise<Standing[]> {
    if (activity.length === 0) return [];
    const rows = await this.db().query<StandingRow[]>(
      `SELECT m.challenge_id, m.user_id, m.score, m.reached_at, c.ends_at
         FROM analytics.challenge_members m
         JOIN analytics.challenges c ON c.id = m.challenge_id
        WHERE (m.challenge_id, m.user_id) IN (
          SELECT touched.challenge_id, touched.user_id
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS a(user_id, type, occurred_at)
            JOIN analytics.challenge_members touched ON touched.user_id = a.user_id
            JOIN analytics.challenges period ON period.id = touched.challenge_id
            JOIN ${METRIC_ACTIVITY} ON metric_activity.metric = period.metric AND metric_activity.type = a.type
           WHERE a.occurred_at >= period.starts_at AND a.occurred_at < period.ends_at)`,
      [
        activity.map((row) => row.userId),
        activity.map((row) => row.type),
        activity.map((row) => row.occurredAt),
      ],
    );
    return rows.map(toStanding);
  }

  /** Every member of one challenge, or of every challenge when `challengeId` is null. */
  async allStandings(challengeId: string | null): Promise<Standing[]> {
    const rows = await this.db().query<StandingRow[]>(
      `SELECT m.challenge_id, m.user_id, m.score, m.reached_at, c.ends_at
         FROM analytics.challenge_members m
         JOIN analytics.challenges c ON c.id = m.challenge_id
        WHERE $1::uuid IS NULL OR m.challenge_id = $1
        ORDER BY m.challenge_id`,
      [challengeId],
    );
    return rows.map(toStanding);
  }

  async allChallengeIds(): Promise<{ id: string; endsAt: Date }[]> {
    const rows = await this.db().query<{ id: string; ends_at: Date }[]>(
      'SELECT id, ends_at FROM analytics.challenges',
    );
    return rows.map((row) => ({ id: row.id, endsAt: row.ends_at }));
  }
}

interface StandingRow {
  challenge_id: string;
  user_id: string;
  score: number;
  reached_at: Date | null;
  ends_at: Date;
}

function toStanding(row: StandingRow): Standing {
  return {
    challengeId: row.challenge_id,
    userId: row.user_id,
    score: row.score,
    reachedAt: row.reached_at,
    endsAt: row.ends_at,
  };
}
