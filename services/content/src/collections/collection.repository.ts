import { validationFailed } from '@tracera/streams';
import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { readKeysetPage, type SortKey } from '../paging/keyset-order';
import { type KeyedRow, type ListCursor } from '../paging/list-cursor';
import { CollectionEntity } from './collection.entity';

export type NewCollection = Pick<CollectionEntity, 'id' | 'userId' | 'name' | 'parentId'>;
export type CollectionChanges = Partial<Pick<CollectionEntity, 'name' | 'parentId'>>;

const COLLECTION_NAME_KEY: SortKey = { expression: 'lower(c.name)', type: 'text' };

/** Item tables that point at collections; a deleted collection's items move to its parent in each. */
const ITEM_TABLES = ['bookmarks', 'notes', 'tasks', 'files'] as const;

/**
 * Every SQL on `content.collections` (and the moves of items between collections). Methods taking a manager
 * run inside the caller's transaction; `undefined` reads outside one.
 */
@Injectable()
export class CollectionRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private collections(manager?: EntityManager): Repository<CollectionEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(CollectionEntity);
  }

  /**
   * Refuses (VALIDATION on `collectionId`) a collection the user does not have; null/undefined (no
   * collection) pass. Key-share locks the row so it cannot be deleted before the caller's transaction ends.
   */
  async assertOwned(
    manager: EntityManager,
    userId: string,
    collectionId: string | null | undefined,
    field = 'collectionId',
  ): Promise<void> {
    if (collectionId === null || collectionId === undefined) return;
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM content.collections WHERE user_id = $1 AND id = $2 FOR KEY SHARE',
      [userId, collectionId],
    );
    if (rows.length === 0) throw validationFailed([{ field, message: 'is not one of your collections' }]);
  }

  findById(manager: EntityManager | undefined, userId: string, id: string): Promise<CollectionEntity | null> {
    return this.collections(manager).findOneBy({ userId, id });
  }

  /** Locks the collection until the transaction ends. */
  findForUpdate(manager: EntityManager, userId: string, id: string): Promise<CollectionEntity | null> {
    return this.collections(manager).findOne({
      where: { userId, id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insert(manager: EntityManager, collection: NewCollection): Promise<CollectionEntity> {
    await this.collections(manager).insert({ ...collection, version: 1 });
    return this.collections(manager).findOneByOrFail({ id: collection.id });
  }

  /** Applies the changes, bumps the version and answers the row as stored. */
  async update(
    manager: EntityManager,
    userId: string,
    id: string,
    changes: CollectionChanges,
  ): Promise<CollectionEntity> {
    await this.collections(manager).update(
      { userId, id },
      { ...changes, version: () => 'version + 1', updatedAt: () => `date_trunc('milliseconds', now())` },
    );
    return this.collections(manager).findOneByOrFail({ userId, id });
  }

  async delete(manager: EntityManager, userId: string, id: string): Promise<void> {
    await this.collections(manager).delete({ userId, id });
  }

  /** The id of a sibling under `parentId` already named `name` (any case), other than `exceptId`. */
  async siblingNamed(
    manager: EntityManager,
    userId: string,
    parentId: string | null,
    name: string,
    exceptId?: string,
  ): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM content.collections
        WHERE user_id = $1 AND parent_id IS NOT DISTINCT FROM $2 AND lower(name) = lower($3)
          AND id IS DISTINCT FROM $4
        LIMIT 1`,
      [userId, parentId, name, exceptId ?? null],
    );
    return rows[0]?.id ?? null;
  }

  /** True when `candidate` is `id` itself or lies below it: making it `id`'s parent would close a loop. */
  async isSelfOrDescendant(
    manager: EntityManager,
    userId: string,
    candidate: string,
    id: string,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH RECURSIVE chain(id, parent_id) AS (
         SELECT id, parent_id FROM content.collections WHERE user_id = $1 AND id = $2
         UNION
         SELECT c.id, c.parent_id FROM content.collections c JOIN chain ON c.id = chain.parent_id
          WHERE c.user_id = $1
       )
       SELECT 1 FROM chain WHERE id = $3 LIMIT 1`,
      [userId, candidate, id],
    );
    return rows.length > 0;
  }

  /** Names of `id`'s children that a child of `parentId` already has (they could not move up). */
  async childNamesClashingUnder(
    manager: EntityManager,
    userId: string,
    id: string,
    parentId: string | null,
  ): Promise<string[]> {
    const rows = await manager.query<{ name: string }[]>(
      `SELECT child.name FROM content.collections child
        WHERE child.user_id = $1 AND child.parent_id = $2
          AND EXISTS (
            SELECT 1 FROM content.collections sibling
             WHERE sibling.user_id = $1 AND sibling.parent_id IS NOT DISTINCT FROM $3
               AND lower(sibling.name) = lower(child.name))
        ORDER BY child.name`,
      [userId, id, parentId],
    );
    return rows.map((row) => row.name);
  }

  /** Moves the collection's items (of every type) and child collections to `parentId`. */
  async moveContentsTo(
    manager: EntityManager,
    userId: string,
    id: string,
    parentId: string | null,
  ): Promise<void> {
    for (const table of ITEM_TABLES) {
      await manager.query(
        `UPDATE content.${table} SET collection_id = $3 WHERE user_id = $1 AND collection_id = $2`,
        [userId, id, parentId],
      );
    }
    await manager.query(
      'UPDATE content.collections SET parent_id = $3 WHERE user_id = $1 AND parent_id = $2',
      [userId, id, parentId],
    );
  }

  /** One page of the user's collections by (lower(name), id); one extra row says whether more follow. */
  listPage(
    userId: string,
    after: ListCursor | undefined,
    limit: number,
  ): Promise<KeyedRow<CollectionEntity>[]> {
    const builder = this.collections().createQueryBuilder('c').where('c.user_id = :userId', { userId });
    return readKeysetPage(builder, 'content.collections', 'c', COLLECTION_NAME_KEY, false, after, limit);
  }

  /** Every collection of the user (imports resolve folder paths against it, exports name paths with it). */
  allOfUser(manager: EntityManager | undefined, userId: string): Promise<CollectionEntity[]> {
    return this.collections(manager).find({ where: { userId }, order: { id: 'ASC' } });
  }

  /** Collections of every user after `afterId`, by id (the search index rebuild). */
  pageOfAllUsers(afterId: string | null, limit: number): Promise<CollectionEntity[]> {
    const builder = this.collections().createQueryBuilder('c');
    if (afterId !== null) builder.where('c.id > :afterId', { afterId });
    return builder.orderBy('c.id', 'ASC').limit(limit).getMany();
  }
}
