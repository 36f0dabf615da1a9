import { Injectable } from '@nestjs/common';
import { type ItemType } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';
import { type SearchDocument } from '../read-model/search-document';
import { type FilterSet, type StateFilter } from '@tracera/contracts';

/** Candidates ranked per page: this many newest title matches plus this many newest matches of any field. */
export const RANKED_WINDOW = 300;
/** Facets count at most this many matches in all (see {@link SearchDocumentRepository.facetCounts}). */
export const FACET_CAP = 1000;

/** The filters of a query, resolved (collection names → ids) and ready for SQL. */
export interface DocumentFilters {
  types: FilterSet<ItemType>;
  states: FilterSet<StateFilter>;
  tags: FilterSet<string>;
  /** Ids (descendants included) of each included / excluded collection name. */
  collectionIds: { include: string[] | undefined; exclude: string[] };
}

export interface TextMatch {
  /** `to_tsquery('simple', …)` input of the positive part. */
  positive: string;
  /** `to_tsquery('simple', …)` input of the excluded terms, OR-ed. */
  excluded?: string;
}

export interface DocumentHit {
  type: ItemType;
  id: string;
  title: string;
  /** `ts_headline` output with \u0001 / \u0002 around matches, still unescaped. */
  headline: string;
  score: number;
  updatedAt: Date;
  tags: string[];
  url: string | null;
  collectionId: string | null;
}

interface HitRow {
  type: ItemType;
  id: string;
  title: string;
  headline: string;
  score: string | number;
  updated_at: Date;
  tags: string[];
  url: string | null;
  collection_id: string | null;
}

/** Positional parameters collected while a statement is assembled. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const STATE_CONDITIONS: Record<StateFilter, string> = {
  done: `d.task_status = 'done'`,
  todo: `d.task_status IN ('todo', 'in_progress')`,
  fav: 'd.favorite',
  unread: 'NOT d.read',
  read: 'd.read',
  archived: 'd.archived',
  pinned: 'd.pinned',
};

// Matches in \u0001…\u0002 (stripped from the text first), so the caller can HTML-escape everything else.
const HEADLINE_OPTIONS =
  'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';
// ts_headline parses all it is given; a snippet never needs more than the start of a long body.
const HEADLINE_SOURCE_CHARS = 20_000;

function toHit(row: HitRow): DocumentHit {
  return {
    type: row.type,
    id: row.id,
    title: row.title,
    headline: row.headline,
    score: Number(row.score),
    updatedAt: row.updated_at,
    tags: row.tags,
    url: row.url,
    collectionId: row.collection_id,
  };
}

/** Every SQL on `search.documents`. Writes apply only when they carry a newer version than the stored one. */
@Injectable()
export class SearchDocumentRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private query<T>(sql: string, values: unknown[], manager?: EntityManager): Promise<T[]> {
    return (manager ?? this.connector.dataSource.manager).query<T[]>(sql, values);
  }

  /** Inserts or replaces the document unless a newer version or a tombstone is stored; true when applied. */
  async upsert(document: SearchDocument, manager?: EntityManager): Promise<boolean> {
    const rows = await this.query<{ applied: boolean }>(
      `INSERT INTO search.documents AS d (type, id, user_id, version, deleted, title, body, tags, collection_id,
         url, task_status, favorite, read, archived, pinned, updated_at)
       VALUES ($1, $2, $3, $4, false, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (type, id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
         body = EXCLUDED.body, tags = EXCLUDED.tags, collection_id = EXCLUDED.collection_id, url = EXCLUDED.url,
         task_status = EXCLUDED.task_status, favorite = EXCLUDED.favorite, read = EXCLUDED.read,
         archived = EXCLUDED.archived, pinned = EXCLUDED.pinned, updated_at = EXCLUDED.updated_at
       WHERE d.version < EXCLUDED.version AND NOT d.deleted AND d.user_id = EXCLUDED.user_id
       RETURNING true AS applied`,
      [
        document.type,
        document.id,
        document.userId,
        document.version,
        document.title,
        document.body,
        document.tags,
        document.collectionId,
        document.url,
        document.taskStatus,
        document.favorite,
        document.read,
        document.archived,
        document.pinned,
        document.updatedAt,
      ],
      manager,
    );
    return rows.length > 0;
  }

  /**
   * {@link upsert} for many documents of one user in one statement (each (type, id) at most once); the keys
   * (`type:id`) of those that landed.
   */
  async upsertMany(
    userId: string,
    documents: SearchDocument[],
    manager?: EntityManager,
  ): Promise<Set<string>> {
    if (documents.length === 0) return new Set();
    const column = <K extends keyof SearchDocument>(key: K) => documents.map((document) => document[key]);
    const rows = await this.query<{ type: string; id: string }>(
      `INSERT INTO search.documents AS d (type, id, user_id, version, deleted, title, body, tags, collection_id,
         url, task_status, favorite, read, archived, pinned, updated_at)
       SELECT u.type, u.id, $1, u.version, false, u.title, u.body,
         ARRAY(SELECT jsonb_array_elements_text(u.tags)), u.collection_id, u.url, u.task_status, u.favorite,
         u.read, u.archived, u.pinned, u.updated_at
       FROM unnest($2::text[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::jsonb[], $8::uuid[], $9::text[],
         $10::text[], $11::boolean[], $12::boolean[], $13::boolean[], $14::boolean[], $15::timestamptz[])
         AS u(type, id, version, title, body, tags, collection_id, url, task_status, favorite, read, archived,
           pinned, updated_at)
       ON CONFLICT (type, id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
         body = EXCLUDED.body, tags = EXCLUDED.tags, collection_id = EXCLUDED.collection_id, url = EXCLUDED.url,
         task_status = EXCLUDED.task_status, favorite = EXCLUDED.favorite, read = EXCLUDED.read,
         archived = EXCLUDED.archived, pinned = EXCLUDED.pinned, updated_at = EXCLUDED.updated_at
       WHERE d.version < EXCLUDED.version AND NOT d.deleted AND d.user_id = EXCLUDED.user_id
       RETURNING d.type, d.id`,
      [
        userId,
        column('type'),
        column('id'),
        column('version'),
        column('title'),
        column('body'),
        // A text[][] would be flattened by unnest; one JSON array per row is not.
        documents.map((document) => JSON.stringify(document.tags)),
        column('collectionId'),
        column('url'),
        column('taskStatus'),
        column('favorite'),
        column('read'),
        column('archived'),
        column('pinned'),
        column('updatedAt'),
      ],
      manager,
    );
    return new Set(rows.map((row) => `${row.type}:${row.id}`));
  }

  /**
   * Leaves a tombstone (text emptied) that no event of the same or an older version can overwrite; a delete
   * arriving before the item's creation still lands. True when something changed.
   */
  async tombstone(userId: string, type: ItemType, id: string, version: number): Promise<boolean> {
    const rows = await this.query<{ applied: boolean }>(
      `INSERT INTO search.documents AS d (type, id, user_id, version, deleted, updated_at)
       VALUES ($1, $2, $3, $4, true, now())
       ON CONFLICT (type, id) DO UPDATE SET version = GREATEST(d.version, EXCLUDED.version), deleted = true,
         title = '', body = '', tags = '{}', collection_id = NULL, url = NULL, updated_at = now()
       WHERE NOT d.deleted AND d.version <= EXCLUDED.version AND d.user_id = EXCLUDED.user_id
       RETURNING true AS applied`,
      [type, id, userId, version],
    );
    return rows.length > 0;
  }

  /** Replaces `from` by `into` on every document of the user carrying it (once, if it had both). */
  async replaceTag(userId: string, from: string, into: string, manager?: EntityManager): Promise<number> {
    const rows = await this.query<{ id: string }>(
      `UPDATE search.documents SET tags = CASE WHEN $3 = ANY(tags) THEN array_remove(tags, $2)
         ELSE array_replace(tags, $2, $3) END
       WHERE user_id = $1 AND tags @> ARRAY[$2]::text[] RETURNING id`,
      [userId, from, into],
      manager,
    );
    return rows.length;
  }

  async removeTag(userId: string, name: string, manager?: EntityManager): Promise<number> {
    const rows = await this.query<{ id: string }>(
      `UPDATE search.documents SET tags = array_remove(tags, $2)
       WHERE user_id = $1 AND tags @> ARRAY[$2]::text[] RETURNING id`,
      [userId, name],
      manager,
    );
    return rows.length;
  }

  /** Items of a deleted collection move to its parent (top level when null), as in the content service. */
  async moveCollectionItems(
    userId: string,
    fromId: string,
    toId: string | null,
    manager?: EntityManager,
  ): Promise<number> {
    const rows = await this.query<{ id: string }>(
      `UPDATE search.documents SET collection_id = $3
       WHERE user_id = $1 AND collection_id = $2 RETURNING id`,
      [userId, fromId, toId],
      manager,
    );
    return rows.length;
  }

  /**
   * Runs `work` in a transaction holding the user's lock. Item snapshots, tag changes and collection deletions
   * of one user read each other's results (tag renames, tombstoned collections); handled concurrently they
   * could each miss the other, so per user they take turns. Different users still run in parallel.
   */
  inUserTransaction<T>(userId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.connector.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('search.user:' || $1))`, [userId]);
      return work(manager);
    });
  }

  /** Every user with a document, then empties the table (for a rebuild). */
  async clear(): Promise<string[]> {
    const users = await this.query<{ user_id: string }>('SELECT DISTINCT user_id FROM search.documents', []);
    await this.query('TRUNCATE search.documents', []);
    return users.map((row) => row.user_id);
  }

  private filterConditions(userId: string, filters: DocumentFilters, params: Parameters): string[] {
    const conditions = [`d.user_id = ${params.add(userId)}`, 'NOT d.deleted'];
    if (filters.types.include.length > 0)
      conditions.push(`d.type = ANY(${params.add(filters.types.include)})`);
    if (filters.types.exclude.length > 0)
      conditions.push(`d.type <> ALL(${params.add(filters.types.exclude)})`);
    for (const state of filters.states.include)
      conditions.push(`COALESCE(${STATE_CONDITIONS[state]}, false)`);
    for (const state of filters.states.exclude)
      conditions.push(`NOT COALESCE(${STATE_CONDITIONS[state]}, false)`);
    if (filters.tags.include.length > 0)
      conditions.push(`d.tags @> ${params.add(filters.tags.include)}::text[]`);
    if (filters.tags.exclude.length > 0)
      conditions.push(`NOT d.tags && ${params.add(filters.tags.exclude)}::text[]`);
    const { include, exclude } = filters.collectionIds;
    if (include !== undefined) conditions.push(`d.collection_id = ANY(${params.add(include)}::uuid[])`);
    if (exclude.length > 0) {
      conditions.push(`NOT COALESCE(d.collection_id = ANY(${params.add(exclude)}::uuid[]), false)`);
    }
    return conditions;
  }

  private textConditions(text: TextMatch, params: Parameters): { conditions: string[]; positive: string } {
    const positive = `to_tsquery('simple', ${params.add(text.positive)})`;
    const conditions = [`d.search_tsv @@ ${positive}`];
    if (text.excluded !== undefined) {
      conditions.push(`NOT (d.search_tsv @@ to_tsquery('simple', ${params.add(text.excluded)}))`);
    }
    return { conditions, positive };
  }

  /**
   * One page of the ranked matches. Ranking every match of a common word costs as much as reading them all,
   * so only a bounded candidate set is ranked: the newest {@link RANKED_WINDOW} title matches (the best
   * answers) and the newest {@link RANKED_WINDOW} matches of any field. The planner walks the recency index
   * for common words and the GIN indexes for rare ones. Score: ts_rank (title A > tags B > body C) plus a title
   * bonus that grows as the title has fewer other words, so an exact title beats a longer title and any body
   * mention. Returns up to `limit + 1` rows from `offset`.
   */
  async rankedPage(
    userId: string,
    text: TextMatch,
    filters: DocumentFilters,
    offset: number,
    limit: number,
  ): Promise<DocumentHit[]> {
    const params = new Parameters();
    const filter = this.filterConditions(userId, filters, params);
    const { conditions, positive } = this.textConditions(text, params);
    const exclusions = conditions.slice(1);
    const window = params.add(RANKED_WINDOW);
    const titleWhere = [...filter, `d.title_tsv @@ ${positive}`, ...exclusions].join(' AND ');
    const anyWhere = [...filter, ...conditions].join(' AND ');
    const rows = await this.query<HitRow>(
      `WITH title_hits AS (
         SELECT d.type, d.id FROM search.documents d WHERE ${titleWhere}
         ORDER BY d.updated_at DESC, d.id LIMIT ${window}),
       recent_hits AS (
         SELECT d.type, d.id FROM search.documents d WHERE ${anyWhere}
         ORDER BY d.updated_at DESC, d.id LIMIT ${window}),
       candidates AS (SELECT type, id FROM title_hits UNION SELECT type, id FROM recent_hits),
       page AS (
         SELECT d.type, d.id, d.title, d.body, d.updated_at, d.tags, d.url, d.collection_id,
           ts_rank(d.search_tsv, ${positive})
             + CASE WHEN d.title_tsv @@ ${positive} THEN 1 + 2.0 / length(d.title_tsv) ELSE 0 END AS score
         FROM candidates c JOIN search.documents d ON d.type = c.type AND d.id = c.id
         ORDER BY score DESC, d.updated_at DESC, d.id
         OFFSET ${params.add(offset)} LIMIT ${params.add(limit + 1)})
       SELECT type, id, title, updated_at, tags, url, collection_id, score,
         ts_headline('simple', translate(left(body, ${HEADLINE_SOURCE_CHARS}), E'\\x01\\x02', ''), ${positive},
           ${params.add(HEADLINE_OPTIONS)}) AS headline
       FROM page ORDER BY score DESC, updated_at DESC, id`,
      params.values,
    );
    return rows.map(toHit);
  }

  /** Without text: the filtered documents, newest first, after the keyset position `after`. */
  async recentPage(
    userId: string,
    filters: DocumentFilters,
    after: { updatedAt: string; id: string } | undefined,
    limit: number,
  ): Promise<DocumentHit[]> {
    const params = new Parameters();
    const where = this.filterConditions(userId, filters, params);
    if (after !== undefined) {
      where.push(
        `(d.updated_at, d.id) < (${params.add(after.updatedAt)}::timestamptz, ${params.add(after.id)}::uuid)`,
      );
    }
    const rows = await this.query<HitRow>(
      `SELECT d.type, d.id, d.title, d.updated_at, d.tags, d.url, d.collection_id, 0 AS score,
         translate(left(d.body, 200), E'\\x01\\x02', '') AS headline
       FROM search.documents d WHERE ${where.join(' AND ')}
       ORDER BY d.updated_at DESC, d.id DESC LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    return rows.map(toHit);
  }

  /**
   * Matches per type for the query without its type filter, from at most {@link FACET_CAP} matches (the newest,
   * or whichever the index yields first): exact below the cap, a sample's split above it. One bounded scan;
   * counting every match of a common word per type cost more than the page itself.
   */
  async facetCounts(
    userId: string,
    text: TextMatch | undefined,
    filters: DocumentFilters,
  ): Promise<{ facets: Record<ItemType, number>; facetsComplete: boolean }> {
    const params = new Parameters();
    const untyped = { ...filters, types: { include: [], exclude: [] } };
    const where = this.filterConditions(userId, untyped, params);
    if (text !== undefined) where.push(...this.textConditions(text, params).conditions);
    const rows = await this.query<{ type: ItemType; count: string }>(
      `SELECT capped.type, count(*) AS count FROM (
         SELECT d.type FROM search.documents d WHERE ${where.join(' AND ')} LIMIT ${params.add(FACET_CAP)}) capped
       GROUP BY capped.type`,
      params.values,
    );
    const counts: Record<ItemType, number> = { bookmark: 0, note: 0, task: 0, file: 0 };
    for (const row of rows) counts[row.type] = Number(row.count);
    const counted = Object.values(counts).reduce((sum, count) => sum + count, 0);
    return { facets: counts, facetsComplete: counted < FACET_CAP };
  }
}
