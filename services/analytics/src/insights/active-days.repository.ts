import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';

/** Reads of `analytics.active_days` (ingest and the rebuild write it). */
@Injectable()
export class ActiveDaysRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /** The person's streak activity per local day from `from` to `to` (both included); days without any left out. */
  async countsBetween(userId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows = await this.connector.dataSource.manager.query<{ day: string; count: number }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, count
         FROM analytics.active_days
        WHERE user_id = $1 AND day BETWEEN $2::date AND $3::date`,
      [userId, from, to],
    );
    return new Map(rows.map((row) => [row.day, row.count]));
  }
}
