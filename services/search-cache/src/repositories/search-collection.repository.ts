import { Injectable } from '@nestjs/common';
import { type CollectionView } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

/** Deleted collections hand their items to their parent; chains longer than this are not followed. */
const MAX_TOMBSTONE_HOPS = 32;

/** Every SQL on `search.collections`: the user's collection tree, for `in:<name>`. */
@Injectable()
export class SearchCollectionRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private query<T>(sql: string, values: unknown[], manager?: EntityManager): Promise<T[]> {
    return (manager ?? this.connector.dataSource.manager).query<T[]>(sql, values);
  }

  /** Stores the collection unless a newer version or its tombstone is stored; true when applied. */
  async upsert(userId: string, collection: CollectionView): Promise<boolean> {
    const rows = await this.query<{ applied: boolean }>(
      `INSERT INTO search.collections AS c (id, user_id, parent_id, name, version, deleted)
       VALUES ($1, $2, $3, $4, $5, false)
       ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, name = EXCLUDED.name,
         version = EXCLUDED.version
       WHERE c.version < EXCLUDED.version AND NOT c.deleted AND c.user_id = EXCLUDED.user_id
       RETURNING true AS applied`,
      [collection.id, userId, collection.parentId, collection.name, collection.version],
    );
    return rows.length > 0;
  }

  /**
   * Marks the collection deleted, remembering in `parent_id` where its items went, and moves its children
   * there. True when something changed (a redelivered delete changes nothing).
   */
  async tombstone(
    userId: string,
    id: string,
    parentId: string | null,
    version: number,
    manager?: EntityManager,
  ): Promise<boolean> {
    const rows = await this.query<{ applied: boolean }>(
      `INSERT INTO search.collections AS c (id, user_id, parent_id, name, version, deleted)
       VALUES ($1, $2, $3, '', $4, true)
       ON CONFLICT (id) DO UPDATE SET deleted = true, parent_id = EXCLUDED.parent_id,
         version = GREATEST(c.version, EXCLUDED.version)
       WHERE NOT c.deleted AND c.user_id = EXCLUDED.user_id
       RETURNING true AS applied`,
      [id, userId, parentId, version],
      manager,
    );
    await this.query(
      `UPDATE search.collections SET parent_id = $3 WHERE user_id = $1 AND parent_id = $2 AND NOT deleted`,
      [userId, id, parentId],
      manager,
    );
    return rows.length > 0;
  }

  /**
   * Where items filed under these collections belong now: an event written before a collection was deleted
   * still names it, and its items went to the parent. Each id that moved, mapped to where it went.
   */
  async liveCollectionsOf(
    userId: string,
    collectionIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, string | null>> {
    const moved = new Map<string, string | null>();
    if (collectionIds.length === 0) return moved;
    const rows = await this.query<{ start: string; id: string | null }>(
      `WITH RECURSIVE chain (start, id, hops) AS (
         SELECT c.id, c.parent_id, 1 FROM search.collections c
           WHERE c.user_id = $1 AND c.id = ANY($2::uuid[]) AND c.deleted
         UNION ALL
         SELECT chain.start, c.parent_id, chain.hops + 1 FROM chain
           JOIN search.collections c ON c.id = chain.id AND c.user_id = $1 AND c.deleted
           WHERE chain.hops < $3)
       SELECT DISTINCT ON (start) start, id FROM chain ORDER BY start, hops DESC`,
      [userId, collectionIds, MAX_TOMBSTONE_HOPS],
      manager,
    );
    for (const row of rows) moved.set(row.start, row.id);
    return moved;
  }

  /** Ids of the user's live collections named `name` (any case) and of all their descendants. */
  async idsWithDescendants(userId: string, name: string): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `WITH RECURSIVE tree (id, depth) AS (
         SELECT c.id, 0 FROM search.collections c
           WHERE c.user_id = $1 AND lower(c.name) = lower($2) AND NOT c.deleted
         UNION
         SELECT c.id, tree.depth + 1 FROM tree
           JOIN search.collections c ON c.parent_id = tree.id AND c.user_id = $1 AND NOT c.deleted
           WHERE tree.depth < $3)
       SELECT DISTINCT id FROM tree`,
      [userId, name, MAX_TOMBSTONE_HOPS],
    );
    return rows.map((row) => row.id);
  }

  async clear(): Promise<void> {
    await this.query('TRUNCATE search.collections', []);
  }
}
