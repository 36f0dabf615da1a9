import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { STREAK_ACTIVITY_TYPES } from '@tracera/contracts';
import { type EntityManager } from 'typeorm';
import { rollupHorizon } from './retention-horizon';

/**
 * The rollups kept beside `analytics.activity`: hourly counts per person and type (a continuous aggregate
 * maintains them when TimescaleDB is installed, this repository otherwise) and per-day counts of
 * streak activity on the person's local days.
 */
@Injectable()
export class RollupRepository {
  private hourlyIsTable?: Promise<boolean>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Statements adding the rows an activity insert really added (a redelivered row was counted already) to
   * the rollups, for {@link ActivityRepository.insertMany}'s `onInserted`: they read its CTE `inserted`, so
   * the insert and its rollups are one statement, one round trip per batch.
   */
  async onInsert(manager: EntityManager): Promise<string[]> {
    // Contract constants (plain identifiers), so inlining them is safe.
    const streakTypes = `'{${STREAK_ACTIVITY_TYPES.join(',')}}'::text[]`;
    const days = `INSERT INTO analytics.active_days (user_id, day, count)
       SELECT user_id, local_day, count(*) FROM inserted WHERE type = ANY(${streakTypes})
        GROUP BY 1, 2
        ORDER BY 1, 2
       ON CONFLICT (user_id, day) DO UPDATE SET count = analytics.active_days.count + EXCLUDED.count`;
    if (!(await this.maintainsHourly(manager))) return [days];
    const hourly = `INSERT INTO analytics.activity_hourly (user_id, type, hour, count)
       SELECT user_id, type, date_trunc('hour', occurred_at), count(*) FROM inserted
        GROUP BY 1, 2, 3
        ORDER BY 1, 3, 2
       ON CONFLICT (user_id, hour, type) DO UPDATE SET count = analytics.activity_hourly.count + EXCLUDED.count`;
    return [hourly, days];
  }

  /**
   * Recomputes both rollups from `analytics.activity` (the rebuild, inside its transaction), from the
   * retention horizon on: older rollups were counted from rows retention has deleted since, and stay.
   */
  async rebuildAll(manager: EntityManager, now = new Date()): Promise<void> {
    const horizon = rollupHorizon(now, this.config.analytics.retentionDays);
    if (await this.maintainsHourly(manager)) {
      await manager.query('DELETE FROM analytics.activity_hourly WHERE hour >= $1', [horizon.hour]);
      await manager.query(
        `INSERT INTO analytics.activity_hourly (user_id, type, hour, count)
         SELECT user_id, type, date_trunc('hour', occurred_at), count(*) FROM analytics.activity
          WHERE occurred_at >= $1 GROUP BY 1, 2, 3`,
        [horizon.hour],
      );
    }
    await manager.query('DELETE FROM analytics.active_days WHERE day >= $1::date', [horizon.day]);
    await manager.query(
      `INSERT INTO analytics.active_days (user_id, day, count)
       SELECT user_id, local_day, count(*) FROM analytics.activity
        WHERE local_day >= $1::date AND type = ANY($2::text[]) GROUP BY 1, 2`,
      [horizon.day, STREAK_ACTIVITY_TYPES],
    );
  }

  /**
   * With TimescaleDB, recomputes the continuous aggregate from the retention horizon on (the rebuild, after
   * its transaction: a refresh cannot run inside one). Nothing to do for the plain table.
   */
  async refreshAggregate(manager: EntityManager, now = new Date()): Promise<void> {
    if (await this.maintainsHourly(manager)) return;
    const horizon = rollupHorizon(now, this.config.analytics.retentionDays);
    await manager.query(
      "CALL refresh_continuous_aggregate('analytics.activity_hourly', $1::timestamptz, NULL)",
      [horizon.hour],
    );
  }

  /**
   * Whether activity_hourly is the plain table this repository maintains (not a continuous aggregate);
   * decided by what the migration created, not by whether the extension is installed now. Asked once.
   */
  maintainsHourly(manager: EntityManager): Promise<boolean> {
    this.hourlyIsTable ??= manager
      .query(
        `SELECT c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'analytics' AND c.relname = 'activity_hourly'`,
      )
      .then(
        (rows: { relkind: string }[]) => rows[0]?.relkind === 'r',
        (error: unknown) => {
          // A failed check is asked again next time rather than remembered.
          this.hourlyIsTable = undefined;
          throw error;
        },
      );
    return this.hourlyIsTable;
  }
}
