import { Injectable } from '@nestjs/common';
import { type ItemType } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

/** An item as recommendations see it: a title, tags and, for bookmarks, a domain. */
export interface LibraryItem {
  type: ItemType;
  id: string;
  title: string;
  tags: string[];
  domain: string | null;
  done: boolean;
  touchedAt: Date;
}

/** What an item snapshot stores. */
export interface ItemSnapshot {
  title: string;
  tags: string[];
  domain: string | null;
  done: boolean;
  version: number;
}

/** One item's snapshot for {@link ItemRepository.upsertSnapshots}. */
export interface SnapshotEntry {
  userId: string;
  type: ItemType;
  id: string;
  snapshot: ItemSnapshot;
  touchedAt: Date;
}

/** One item's deletion for {@link ItemRepository.markManyDeleted}. */
export interface DeletionEntry {
  userId: string;
  type: ItemType;
  id: string;
  version: number;
}

interface ItemRow {
  type: ItemType;
  id: string;
  title: string;
  tags: string[];
  domain: string | null;
  done: boolean;
  touched_at: Date;
}

/** Every SQL on `analytics.items`, the read model of each person's own items. */
@Injectable()
export class ItemRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private query<T>(sql: string, values: unknown[], manager?: EntityManager): Promise<T[]> {
    return (manager ?? this.connector.dataSource.manager).query<T[]>(sql, values);
  }

  /**
   * {@link upsertSnapshot} for many items in one statement; ids must be distinct (one row can only be
   * upserted once per statement). Returns the people whose items changed.
   */
  async upsertSnapshots(entries: readonly SnapshotEntry[], manager?: EntityManager): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    // One JSON parameter: serialized natively, where pg's per-element array encoding is costly per batch.
    const rows = await this.query<{ user_id: string }>(
      `INSERT INTO analytics.items (id, user_id, type, title, tags, domain, done, version, deleted, touched_at)
       SELECT id, user_id, type, title, tags, domain, done, version, false, touched_at
         FROM jsonb_to_recordset($1::jsonb) AS snapshot(id uuid, user_id uuid, type text, title text, tags text[],
              domain text, done boolean, version int, touched_at timestamptz)
        ORDER BY id
       ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, title = EXCLUDED.title, tags = EXCLUDED.tags,
              domain = EXCLUDED.domain, done = EXCLUDED.done, version = EXCLUDED.version, deleted = false,
              touched_at = GREATEST(analytics.items.touched_at, EXCLUDED.touched_at)
        WHERE analytics.items.version < EXCLUDED.version AND analytics.items.user_id = EXCLUDED.user_id
       RETURNING user_id`,
      [
        JSON.stringify(
          entries.map((entry) => ({
            id: entry.id,
            user_id: entry.userId,
            type: entry.type,
            title: entry.snapshot.title,
            tags: entry.snapshot.tags,
            domain: entry.snapshot.domain,
            done: entry.snapshot.done,
            version: entry.snapshot.version,
            touched_at: entry.touchedAt,
          })),
        ),
      ],
      manager,
    );
    return new Set(rows.map((row) => row.user_id));
  }

  /**
   * Leaves tombstones (distinct ids): each item disappears, and a snapshot of that version or older arriving
   * late cannot bring it back. Returns the people whose items changed.
   */
  async markManyDeleted(entries: readonly DeletionEntry[], manager?: EntityManager): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const rows = await this.query<{ user_id: string }>(
      `INSERT INTO analytics.items (id, user_id, type, title, tags, version, deleted, touched_at)
       SELECT id, user_id, type, '', '{}', version, true, now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS deletion(id, user_id, type, version)
        ORDER BY id
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, deleted = true, title = '', tags = '{}',
              domain = NULL
        WHERE analytics.items.user_id = EXCLUDED.user_id
          AND (analytics.items.version < EXCLUDED.version
               OR (analytics.items.version = EXCLUDED.version AND NOT analytics.items.deleted))
       RETURNING user_id`,
      [
        entries.map((entry) => entry.id),
        entries.map((entry) => entry.userId),
        entries.map((entry) => entry.type),
        entries.map((entry) => entry.version),
      ],
      manager,
    );
    return new Set(rows.map((row) => row.user_id));
  }

  /** Replaces `from` by `into` on the person's items carrying it (once, if an item had both). */
  async replaceTag(userId: string, from: string, into: string, manager?: EntityManager): Promise<number> {
    const rows = await this.query<{ id: string }>(
      `UPDATE analytics.items SET tags = CASE WHEN $3 = ANY(tags) THEN array_remove(tags, $2)
              ELSE array_replace(tags, $2, $3) END
        WHERE user_id = $1 AND tags @> ARRAY[$2]::text[] RETURNING id`,
      [userId, from, into],
      manager,
    );
    return rows.length;
  }

  async removeTag(userId: string, name: string, manager?: EntityManager): Promise<number> {
    const rows = await this.query<{ id: string }>(
      `UPDATE analytics.items SET tags = array_remove(tags, $2)
        WHERE user_id = $1 AND tags @> ARRAY[$2]::text[] RETURNING id`,
      [userId, name],
      manager,
    );
    return rows.length;
  }

  /** The person's live items, most recently touched first, at most `limit`. */
  async library(userId: string, limit: number): Promise<LibraryItem[]> {
    const rows = await this.query<ItemRow>(
      `SELECT type, id, title, tags, domain, done, touched_at FROM analytics.items
        WHERE user_id = $1 AND NOT deleted ORDER BY touched_at DESC, id LIMIT $2`,
      [userId, limit],
    );
    return rows.map((row) => ({
      type: row.type,
      id: row.id,
      title: row.title,
      tags: row.tags,
      domain: row.domain,
      done: row.done,
      touchedAt: row.touched_at,
    }));
  }
}
