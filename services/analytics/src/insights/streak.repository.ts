import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';
import { NO_STREAK, type StreakRecord } from './streak-record';

interface Row {
  user_id: string;
  run_start: string | null;
  last_day: string | null;
  longest: number | null;
  version: string | null;
}

/** Columns of `analytics.streaks s` as a {@link StreakRecord}; the version is `updatedAt` in microseconds. */
function streakColumns(updatedAt: string): string {
  return `to_char(s.run_start, 'YYYY-MM-DD') AS run_start, to_char(s.last_day, 'YYYY-MM-DD') AS last_day,
    s.longest, (extract(epoch FROM ${updatedAt}) * 1000000)::bigint::text AS version`;
}

/**
 * Gaps and islands over the active days of the people `who` selects (a condition on `user_id`): consecutive
 * days share `day - row_number`, so each island is one run. Per person: the latest run and the longest,
 * upserted. `updated_at` is the clock at the write, not the transaction's start: writers of one person are
 * serialized (user locks, the rebuild's table lock), so later writes always carry later versions.
 */
function upsertStreaksOf(who: string): string {
  return `
    INSERT INTO analytics.streaks (user_id, run_start, last_day, longest, updated_at)
    SELECT user_id, run_start, last_day, longest, clock_timestamp()
      FROM (
        WITH days AS (
          SELECT user_id, day, day - (row_number() OVER (PARTITION BY user_id ORDER BY day))::int AS island
            FROM analytics.active_days
           WHERE count > 0 AND ${who}
        ), runs AS (
          SELECT user_id, min(day) AS run_start, max(day) AS last_day, count(*)::int AS length
            FROM days GROUP BY user_id, island
        )
        SELECT DISTINCT ON (user_id) user_id, run_start, last_day, max(length) OVER (PARTITION BY user_id) AS longest
          FROM runs
         ORDER BY user_id, last_day DESC
      ) computed
    ON CONFLICT (user_id) DO UPDATE
       SET run_start = EXCLUDED.run_start, last_day = EXCLUDED.last_day, longest = EXCLUDED.longest,
           updated_at = EXCLUDED.updated_at
    RETURNING user_id`;
}

function toRecord(row: Row): StreakRecord {
  if (row.version === null) return { ...NO_STREAK };
  return {
    runStart: row.run_start,
    lastDay: row.last_day,
    longest: row.longest ?? 0,
    version: Number(row.version),
  };
}

/** Every SQL on `analytics.streaks`, and the streak computation over `analytics.active_days`. */
@Injectable()
export class StreakRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /**
   * In the ingest transaction, after `active_days` counted `added` (streak activity, one entry per row):
   * recomputes the streaks of the people for whom it opened a day. A streak depends only on which days are
   * active, so more activity on a day already active changes nothing. A day whose count equals what this
   * transaction added was not active before (the person's lock keeps other writers out meanwhile). Returns
   * the people whose streak was rewritten.
   */
  async recomputeWhereDaysOpened(
    manager: EntityManager,
    added: readonly { userId: string; localDay: string }[],
  ): Promise<Set<string>> {
    if (added.length === 0) return new Set();
    const recomputed = await manager.query<{ user_id: string }[]>(
      `WITH added AS (
         SELECT user_id, day, count(*)::int AS added_rows FROM unnest($1::uuid[], $2::date[]) AS a(user_id, day)
          GROUP BY 1, 2
       ), opened AS (
         SELECT DISTINCT added.user_id FROM added
           JOIN analytics.active_days d ON d.user_id = added.user_id AND d.day = added.day
          WHERE d.count = added.added_rows
       )
       ${upsertStreaksOf('user_id IN (SELECT user_id FROM opened)')}`,
      [added.map((row) => row.userId), added.map((row) => row.localDay)],
    );
    return new Set(recomputed.map((row) => row.user_id));
  }

  /** Recomputes every streak from scratch; people without active days are left without a row. */
  async recomputeAll(manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM analytics.streaks');
    await manager.query(upsertStreaksOf('true'));
  }

  /** The stored streaks of these people; those without a row get {@link NO_STREAK}. */
  async findByUsers(userIds: readonly string[]): Promise<Map<string, StreakRecord>> {
    const rows = await this.connector.dataSource.manager.query<Row[]>(
      `SELECT wanted.user_id, ${streakColumns('s.updated_at')}
         FROM unnest($1::uuid[]) AS wanted(user_id)
         LEFT JOIN analytics.streaks s ON s.user_id = wanted.user_id`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((row) => [row.user_id, toRecord(row)]));
  }

  /**
   * A page (by user id) of everyone who has a streak or is in the directory, with their stored streak; people
   * without a row are versioned at the database clock, so the Redis copy of a streak dropped by a rebuild is
   * replaced, while a streak written after this read still wins.
   */
  async pageForSync(
    afterUserId: string | null,
    limit: number,
  ): Promise<{ userId: string; record: StreakRecord }[]> {
    const rows = await this.connector.dataSource.manager.query<Row[]>(
      `SELECT people.user_id, ${streakColumns('coalesce(s.updated_at, clock_timestamp())')}
         FROM (SELECT user_id FROM analytics.streaks UNION SELECT user_id FROM analytics.users) people
         LEFT JOIN analytics.streaks s ON s.user_id = people.user_id
        WHERE $1::uuid IS NULL OR people.user_id > $1::uuid
        ORDER BY people.user_id
        LIMIT $2`,
      [afterUserId, limit],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      record: {
        runStart: row.run_start,
        lastDay: row.last_day,
        longest: row.longest ?? 0,
        version: Number(row.version),
      },
    }));
  }
}
