import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

/** How many rows each derived table holds after a rebuild. */
export interface DerivedRowCounts {
  activity: number;
  hourlyRollups: number;
  activeDays: number;
  streaks: number;
  challengeMembers: number;
  challengeProgress: number;
}

/** The rebuild's own SQL: the locks that freeze its input and the figures it reports. */
@Injectable()
export class RebuildRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /** Outside any transaction (what must run on its own, like a continuous aggregate's refresh). */
  get manager(): EntityManager {
    return this.connector.dataSource.manager;
  }

  /** Runs `work` in one transaction; everything it recomputes commits (or rolls back) together. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.connector.dataSource.transaction(work);
  }

  /**
   * Freezes the input until commit: ingest batches and the retention job wait (SHARE ROW EXCLUSIVE conflicts
   * with their ROW EXCLUSIVE) while readers go on; joins and leaves wait too, so the recomputed memberships
   * are the ones that commit.
   */
  async lockInputs(manager: EntityManager): Promise<void> {
    await manager.query('LOCK TABLE analytics.activity IN SHARE ROW EXCLUSIVE MODE');
    await manager.query('LOCK TABLE analytics.challenge_members IN SHARE ROW EXCLUSIVE MODE');
  }

  async countDerivedRows(manager: EntityManager): Promise<DerivedRowCounts> {
    const rows = await manager.query<Record<string, string>[]>(`
      SELECT (SELECT count(*) FROM analytics.activity) AS activity,
             (SELECT count(*) FROM analytics.activity_hourly) AS hourly_rollups,
             (SELECT count(*) FROM analytics.active_days) AS active_days,
             (SELECT count(*) FROM analytics.streaks) AS streaks,
             (SELECT count(*) FROM analytics.challenge_members) AS challenge_members,
             (SELECT count(*) FROM analytics.challenge_progress) AS challenge_progress`);
    const [row] = rows;
    return {
      activity: Number(row.activity),
      hourlyRollups: Number(row.hourly_rollups),
      activeDays: Number(row.active_days),
      streaks: Number(row.streaks),
      challengeMembers: Number(row.challenge_members),
      challengeProgress: Number(row.challenge_progress),
    };
  }

  /** Everyone whose cached answers may have been computed from the old derived state. */
  async peopleWithAnalytics(): Promise<string[]> {
    const rows = await this.connector.dataSource.query<{ user_id: string }[]>(`
      SELECT user_id FROM analytics.users
      UNION SELECT DISTINCT user_id FROM analytics.activity
      UNION SELECT DISTINCT user_id FROM analytics.challenge_members`);
    return rows.map((row) => row.user_id);
  }
}
