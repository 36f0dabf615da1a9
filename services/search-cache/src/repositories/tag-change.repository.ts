import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';
import { type TagChangeRecord } from '../read-model/tag-change-record';

/** Every SQL on `search.tag_changes`: the tag renames, merges and deletions each user made. */
@Injectable()
export class TagChangeRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private query<T>(sql: string, values: unknown[], manager?: EntityManager): Promise<T[]> {
    return (manager ?? this.connector.dataSource.manager).query<T[]>(sql, values);
  }

  async record(
    userId: string,
    change: { from: string; into: string | null; changedAt: string },
    manager?: EntityManager,
  ): Promise<void> {
    await this.query(
      `INSERT INTO search.tag_changes (user_id, from_name, into_name, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [userId, change.from, change.into, change.changedAt],
      manager,
    );
  }

  /**
   * The user's tag changes made after `since`, oldest first (at most 5,000): an item batch's earliest write
   * time, from which {@link tagsAfterChanges} maps each item's tags.
   */
  async changesAfter(userId: string, since: string, manager?: EntityManager): Promise<TagChangeRecord[]> {
    const rows = await this.query<{ from_name: string; into_name: string | null; changed_at: Date }>(
      `SELECT from_name, into_name, changed_at FROM search.tag_changes
       WHERE user_id = $1 AND changed_at > $2 ORDER BY changed_at LIMIT 5000`,
      [userId, since],
      manager,
    );
    return rows.map((row) => ({ from: row.from_name, into: row.into_name, changedAt: row.changed_at }));
  }
}
