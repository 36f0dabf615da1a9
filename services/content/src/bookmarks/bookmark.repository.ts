import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { parseSort, readKeysetPage, type SortKey } from '../paging/keyset-order';
import { type KeyedRow, type ListCursor } from '../paging/list-cursor';
import { whereTagged } from '../tags/tag-filter';
import { BookmarkEntity, type MetadataState } from './bookmark.entity';

export type NewBookmark = Pick<
  BookmarkEntity,
  | 'id'
  | 'userId'
  | 'url'
  | 'domain'
  | 'title'
  | 'description'
  | 'favorite'
  | 'read'
  | 'archived'
  | 'collectionId'
  | 'metadataState'
>;
export type BookmarkChanges = Partial<
  Pick<
    BookmarkEntity,
    | 'url'
    | 'domain'
    | 'title'
    | 'description'
    | 'faviconUrl'
    | 'favorite'
    | 'read'
    | 'archived'
    | 'collectionId'
  >
>;

/** One imported row, ready to insert. */
export type ImportedBookmarkRow = NewBookmark & { createdAt: Date };

/** A bookmark a metadata worker took; `attempts` counts this one. */
export interface MetadataClaim {
  id: string;
  userId: string;
  url: string;
  attempts: number;
}

export interface BookmarkListQuery {
  userId: string;
  tag?: string;
  collectionId?: string;
  favorite?: boolean;
  read?: boolean;
  archived?: boolean;
  sort: string;
  after?: ListCursor;
  limit: number;
}

const SORT_KEYS: Record<string, SortKey> = {
  createdAt: { expression: 'b.created_at', type: 'timestamptz' },
  updatedAt: { expression: 'b.updated_at', type: 'timestamptz' },
  title: { expression: 'lower(b.title)', type: 'text' },
};

/** The columns a bulk insert returns, named like the entity's properties. */
const STORED_COLUMNS = `id, user_id AS "userId", url, domain, title, description, favicon_url AS "faviconUrl",
  favorite, read, archived, collection_id AS "collectionId", version, created_at AS "createdAt",
  updated_at AS "updatedAt", metadata_state AS "metadataState", metadata_attempts AS "metadataAttempts",
  metadata_claimed_at AS "metadataClaimedAt", metadata_error AS "metadataError"`;

/** pg answers plain objects; the rest of the service handles entity instances. */
function toEntity(row: BookmarkEntity): BookmarkEntity {
  return Object.assign(new BookmarkEntity(), row);
}

/** Every SQL on `content.bookmarks`. Methods taking a manager run inside the caller's transaction. */
@Injectable()
export class BookmarkRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private bookmarks(manager?: EntityManager): Repository<BookmarkEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(BookmarkEntity);
  }

  /** Inserts unless the user already has the URL; answers the new row, or null on a duplicate. */
  async insert(manager: EntityManager, bookmark: NewBookmark): Promise<BookmarkEntity | null> {
    const result = await this.bookmarks(manager)
      .createQueryBuilder()
      .insert()
      .values({ ...bookmark, version: 1 })
      .orIgnore()
      .returning('id')
      .execute();
    if ((result.raw as unknown[]).length === 0) return null;
    return this.bookmarks(manager).findOneByOrFail({ id: bookmark.id });
  }

  /** The user's bookmark of this (normalized) URL, other than `exceptId`. */
  async idByUrl(
    manager: EntityManager,
    userId: string,
    url: string,
    exceptId?: string,
  ): Promise<string | null> {
    const row = await this.bookmarks(manager)
      .createQueryBuilder('b')
      .select('b.id', 'id')
      .where('b.user_id = :userId AND b.url = :url', { userId, url })
      .andWhere('b.id IS DISTINCT FROM :exceptId', { exceptId: exceptId ?? null })
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  findById(manager: EntityManager | undefined, userId: string, id: string): Promise<BookmarkEntity | null> {
    return this.bookmarks(manager).findOneBy({ userId, id });
  }

  /** Locks the bookmark until the transaction ends. */
  findForUpdate(manager: EntityManager, userId: string, id: string): Promise<BookmarkEntity | null> {
    return this.bookmarks(manager).findOne({ where: { userId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Applies the changes, bumps the version and answers the row as stored. */
  async update(
    manager: EntityManager,
    userId: string,
    id: string,
    changes: BookmarkChanges,
  ): Promise<BookmarkEntity> {
    await this.bookmarks(manager).update(
      { userId, id },
      { ...changes, version: () => 'version + 1', updatedAt: () => `date_trunc('milliseconds', now())` },
    );
    return this.bookmarks(manager).findOneByOrFail({ userId, id });
  }

  async delete(manager: EntityManager, userId: string, id: string): Promise<void> {
    await this.bookmarks(manager).delete({ userId, id });
  }

  /** One page of the user's bookmarks; fetches one extra row so the caller knows whether more follow. */
  listPage(query: BookmarkListQuery): Promise<KeyedRow<BookmarkEntity>[]> {
    const builder = this.bookmarks()
      .createQueryBuilder('b')
      .where('b.user_id = :userId', { userId: query.userId });
    if (query.collectionId !== undefined) {
      builder.andWhere('b.collection_id = :collectionId', { collectionId: query.collectionId });
    }
    for (const flag of ['favorite', 'read', 'archived'] as const) {
      const value = query[flag];
      if (value !== undefined) builder.andWhere(`b.${flag} = :${flag}`, { [flag]: value });
    }
    if (query.tag !== undefined) whereTagged(builder, 'b', 'bookmark', query.tag);
    const { field, descending } = parseSort(query.sort);
    return readKeysetPage(
      builder,
      'content.bookmarks',
      'b',
      SORT_KEYS[field],
      descending,
      query.after,
      query.limit,
    );
  }

  /** Which of `urls` the user already has. */
  async existingUrls(manager: EntityManager, userId: string, urls: readonly string[]): Promise<Set<string>> {
    if (urls.length === 0) return new Set();
    const rows = await manager.query<{ url: string }[]>(
      'SELECT url FROM content.bookmarks WHERE user_id = $1 AND url = ANY($2::text[])',
      [userId, urls],
    );
    return new Set(rows.map((row) => row.url));
  }

  /**
   * Inserts many bookmarks of one user in one statement; a URL saved meanwhile is left out. Answers the
   * stored rows in input order.
   */
  async insertMany(manager: EntityManager, rows: readonly ImportedBookmarkRow[]): Promise<BookmarkEntity[]> {
    if (rows.length === 0) return [];
    const column = <K extends keyof ImportedBookmarkRow>(key: K) => rows.map((row) => row[key]);
    const inserted = await manager.query<BookmarkEntity[]>(
      `INSERT INTO content.bookmarks
         (id, user_id, url, domain, title, description, favorite, read, archived, collection_id,
          metadata_state, created_at, updated_at)
       SELECT r.id, r.user_id, r.url, r.domain, r.title, r.description, r.favorite, r.read, r.archived,
              r.collection_id, r.metadata_state, r.created_at, date_trunc('milliseconds', now())
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[],
                     $8::boolean[], $9::boolean[], $10::uuid[], $11::text[], $12::timestamptz[])
           AS r(id, user_id, url, domain, title, description, favorite, read, archived, collection_id,
                metadata_state, created_at)
       ON CONFLICT (user_id, url) DO NOTHING
       RETURNING ${STORED_COLUMNS}`,
      [
        column('id'),
        column('userId'),
        column('url'),
        column('domain'),
        column('title'),
        column('description'),
        column('favorite'),
        column('read'),
        column('archived'),
        column('collectionId'),
        column('metadataState'),
        column('createdAt'),
      ],
    );
    // Input order, so events follow the file; the rows come back from RETURNING, no second read.
    const byId = new Map(inserted.map((stored) => [stored.id, toEntity(stored)]));
    return rows.flatMap((row) => byId.get(row.id) ?? []);
  }

  /** The user's bookmarks after `afterId`, by id (exports). */
  pageOfUser(userId: string, afterId: string | null, limit: number): Promise<BookmarkEntity[]> {
    const builder = this.bookmarks().createQueryBuilder('b').where('b.user_id = :userId', { userId });
    if (afterId !== null) builder.andWhere('b.id > :afterId', { afterId });
    return builder.orderBy('b.id', 'ASC').limit(limit).getMany();
  }

  /** Bookmarks of every user after `afterId`, by id (the search index rebuild). */
  pageOfAllUsers(afterId: string | null, limit: number): Promise<BookmarkEntity[]> {
    const builder = this.bookmarks().createQueryBuilder('b');
    if (afterId !== null) builder.where('b.id > :afterId', { afterId });
    return builder.orderBy('b.id', 'ASC').limit(limit).getMany();
  }

  /**
   * Takes up to `limit` bookmarks waiting for their page metadata: unclaimed ones, or ones whose claim is older
   * than `leaseMs` (the worker holding it died). SKIP LOCKED lets replicas claim side by side.
   */
  async claimPendingMetadata(limit: number, leaseMs: number): Promise<MetadataClaim[]> {
    // pg reports an UPDATE as [rows, rowCount].
    const [claimed] = await this.connector.dataSource.manager.query<[MetadataClaim[], number]>(
      `UPDATE content.bookmarks b
          SET metadata_claimed_at = now(), metadata_attempts = b.metadata_attempts + 1
        WHERE b.id IN (
          SELECT id FROM content.bookmarks
           WHERE metadata_state = 'pending'
             AND (metadata_claimed_at IS NULL
                  OR metadata_claimed_at < now() - make_interval(secs => $2::float8 / 1000))
           ORDER BY metadata_claimed_at NULLS FIRST, created_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING b.id, b.user_id AS "userId", b.url, b.metadata_attempts AS attempts`,
      [limit, leaseMs],
    );
    return claimed;
  }

  /** Ends (or gives back for a retry) the metadata fetch of a bookmark. */
  async finishMetadata(
    manager: EntityManager,
    id: string,
    state: MetadataState,
    error: string | null,
  ): Promise<void> {
    await this.bookmarks(manager).update(
      { id },
      { metadataState: state, metadataError: error, metadataClaimedAt: null },
    );
  }

  /** Notes why a fetch failed, keeping the claim so the retry waits for the lease to run out. */
  async recordMetadataError(manager: EntityManager, id: string, error: string): Promise<void> {
    await this.bookmarks(manager).update({ id }, { metadataError: error });
  }
}
