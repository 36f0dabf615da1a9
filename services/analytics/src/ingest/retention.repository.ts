import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** The SQL that ages raw activity out of `analytics.activity`. */
@Injectable()
export class RetentionRepository {
  /** Deletes up to `limit` of the oldest rows before `cutoff`; how many it deleted. */
  async deleteOldest(manager: EntityManager, cutoff: Date, limit: number): Promise<number> {
    // TypeORM answers a DELETE with [rows, affected count].
    const [, deleted] = await manager.query<[unknown[], number]>(
      `DELETE FROM analytics.activity
        WHERE (event_id, occurred_at) IN (
          SELECT event_id, occurred_at FROM analytics.activity WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2)`,
      [cutoff, limit],
    );
    return deleted;
  }

  /** TimescaleDB: drops whole chunks older than `cutoff`, the cheap way to age a hypertable. */
  async dropChunksBefore(manager: EntityManager, cutoff: Date): Promise<void> {
    await manager.query(`SELECT drop_chunks('analytics.activity', older_than => $1::timestamptz)`, [cutoff]);
  }
}
