import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

export interface DirectoryEntry {
  userId: string;
  username: string;
  displayName: string;
  timeZone: string;
  disabled: boolean;
}

interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  time_zone: string;
  disabled: boolean;
}

/** Every SQL on `analytics.users`, the copy of auth's directory. */
@Injectable()
export class UsersRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private query<T>(sql: string, values: unknown[], manager?: EntityManager): Promise<T[]> {
    return (manager ?? this.connector.dataSource.manager).query<T[]>(sql, values);
  }

  /**
   * Records a registration unless a later change is there already (events of one person are handled
   * concurrently, so user.updated may land first); the zone stays UTC until a change names one.
   */
  async insertRegistered(
    entry: { userId: string; username: string; displayName: string },
    changedAt: string,
  ): Promise<void> {
    await this.query(
      `INSERT INTO analytics.users (user_id, username, display_name, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO NOTHING`,
      [entry.userId, entry.username, entry.displayName, changedAt],
    );
  }

  /** Stores the person's profile as of `changedAt`; an older change arriving late is ignored. */
  async upsertChanged(entry: DirectoryEntry, changedAt: string): Promise<void> {
    await this.query(
      `INSERT INTO analytics.users (user_id, username, display_name, time_zone, disabled, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET username = EXCLUDED.username, display_name = EXCLUDED.display_name,
         time_zone = EXCLUDED.time_zone, disabled = EXCLUDED.disabled, updated_at = EXCLUDED.updated_at
       WHERE analytics.users.updated_at <= EXCLUDED.updated_at`,
      [entry.userId, entry.username, entry.displayName, entry.timeZone, entry.disabled, changedAt],
    );
  }

  /**
   * Names learnt from auth's lookup for people whose events this copy missed; never overwrites a row
   * (the events are the better source). Their zone is unknown, so UTC.
   */
  async insertLookedUp(entries: { userId: string; username: string; displayName: string }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.query(
      `INSERT INTO analytics.users (user_id, username, display_name, updated_at)
       SELECT id, username, display_name, '-infinity'::timestamptz
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS looked_up(id, username, display_name)
       ON CONFLICT (user_id) DO NOTHING`,
      [entries.map((e) => e.userId), entries.map((e) => e.username), entries.map((e) => e.displayName)],
    );
  }

  async findMany(userIds: string[], manager?: EntityManager): Promise<DirectoryEntry[]> {
    if (userIds.length === 0) return [];
    const rows = await this.query<UserRow>(
      `SELECT user_id, username, display_name, time_zone, disabled FROM analytics.users
        WHERE user_id = ANY($1::uuid[])`,
      [userIds],
      manager,
    );
    return rows.map((row) => ({
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      timeZone: row.time_zone,
      disabled: row.disabled,
    }));
  }
}
