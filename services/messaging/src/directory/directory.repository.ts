import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

export interface DirectoryUser {
  userId: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  disabled: boolean;
}

interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  avatar_url: string | null;
  disabled: boolean;
}

function toDirectoryUser(row: UserRow): DirectoryUser {
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    avatarUrl: row.avatar_url,
    disabled: row.disabled,
  };
}

/** Every SQL on `messaging.users`, the copy of auth's user directory. */
@Injectable()
export class DirectoryRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private runner(manager?: EntityManager): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  async findByIds(userIds: readonly string[], manager?: EntityManager): Promise<DirectoryUser[]> {
    if (userIds.length === 0) return [];
    const rows = await this.runner(manager).query<UserRow[]>(
      `SELECT user_id, username, display_name, avatar_url, disabled
         FROM messaging.users WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return rows.map(toDirectoryUser);
  }

  /**
   * Stores what auth said about users at `changedAt`; a row already holding newer news is left as it is,
   * so redelivered or reordered events (and a lookup racing an event) never move a user back in time.
   */
  async upsert(users: readonly DirectoryUser[], changedAt: Date, manager?: EntityManager): Promise<void> {
    if (users.length === 0) return;
    await this.runner(manager).query(
      `INSERT INTO messaging.users (user_id, username, display_name, avatar_url, disabled, updated_at)
       SELECT (u->>'userId')::uuid, u->>'username', u->>'displayName', u->>'avatarUrl',
              (u->>'disabled')::boolean, $2::timestamptz
         FROM jsonb_array_elements($1::jsonb) AS batch(u)
       ON CONFLICT (user_id) DO UPDATE
         SET username = excluded.username, display_name = excluded.display_name,
             avatar_url = excluded.avatar_url, disabled = excluded.disabled, updated_at = excluded.updated_at
         WHERE messaging.users.updated_at <= excluded.updated_at`,
      [JSON.stringify(users), changedAt.toISOString()],
    );
  }
}
