import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { type KeyedRow, type ListCursor } from '../paging/list-cursor';
import { TagEntity } from './tag.entity';

/** A tag with the number of items carrying it. */
export interface CountedTag {
  id: string;
  name: string;
  createdAt: Date;
  itemCount: number;
}

interface CountedTagRow {
  id: string;
  name: string;
  created_at: Date;
  item_count: number;
}

const COUNTED_TAG_COLUMNS = `t.id, t.name, t.created_at,
  (SELECT count(*) FROM content.item_tags it WHERE it.tag_id = t.id)::int AS item_count`;

function toCountedTag(row: CountedTagRow): CountedTag {
  return { id: row.id, name: row.name, createdAt: row.created_at, itemCount: row.item_count };
}

/** Every SQL on `content.tags` itself (the item join is ItemTagsRepository's). */
@Injectable()
export class TagRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private runner(manager: EntityManager | undefined): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  private tags(manager?: EntityManager): Repository<TagEntity> {
    return this.runner(manager).getRepository(TagEntity);
  }

  /** One page of the user's tags by name; one extra row says whether more follow. */
  async listPage(
    userId: string,
    after: ListCursor | undefined,
    limit: number,
  ): Promise<KeyedRow<CountedTag>[]> {
    // A long name is not in the cursor; it is read back from the cursor's tag.
    const rows = await this.runner(undefined).query<CountedTagRow[]>(
      `SELECT ${COUNTED_TAG_COLUMNS} FROM content.tags t
        WHERE t.user_id = $1
          AND ($3::uuid IS NULL
               OR (t.name, t.id) > (coalesce($2, (SELECT name FROM content.tags WHERE id = $3)), $3))
        ORDER BY t.name, t.id
        LIMIT $4`,
      [userId, after?.value ?? null, after?.id ?? null, limit + 1],
    );
    return rows.map((row) => ({ row: toCountedTag(row), sortValue: row.name }));
  }

  async findCounted(
    manager: EntityManager | undefined,
    userId: string,
    id: string,
  ): Promise<CountedTag | null> {
    const rows = await this.runner(manager).query<CountedTagRow[]>(
      `SELECT ${COUNTED_TAG_COLUMNS} FROM content.tags t WHERE t.user_id = $1 AND t.id = $2`,
      [userId, id],
    );
    return rows.length === 0 ? null : toCountedTag(rows[0]);
  }

  /** Every tag of the user with its item count, by name (exports). */
  async allOfUser(userId: string): Promise<CountedTag[]> {
    const rows = await this.runner(undefined).query<CountedTagRow[]>(
      `SELECT ${COUNTED_TAG_COLUMNS} FROM content.tags t WHERE t.user_id = $1 ORDER BY t.name`,
      [userId],
    );
    return rows.map(toCountedTag);
  }

  /** Locks the tags until the transaction ends, in id order (so two merges cannot deadlock). */
  lockForUpdate(manager: EntityManager, userId: string, ids: string[]): Promise<TagEntity[]> {
    return this.tags(manager)
      .createQueryBuilder('t')
      .where('t.user_id = :userId AND t.id IN (:...ids)', { userId, ids })
      .orderBy('t.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  async idByName(manager: EntityManager, userId: string, name: string): Promise<string | null> {
    const row = await this.tags(manager).findOne({ select: { id: true }, where: { userId, name } });
    return row?.id ?? null;
  }

  /** Inserts unless the user has a tag of that name; answers whether it did. */
  async insert(manager: EntityManager, tag: Pick<TagEntity, 'id' | 'userId' | 'name'>): Promise<boolean> {
    const result = await this.tags(manager)
      .createQueryBuilder()
      .insert()
      .values(tag)
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async rename(manager: EntityManager, userId: string, id: string, name: string): Promise<void> {
    await this.tags(manager).update({ userId, id }, { name });
  }

  /** Gives every item of `fromId` the tag `intoId` (once), then deletes `fromId`. */
  async merge(manager: EntityManager, userId: string, fromId: string, intoId: string): Promise<void> {
    await manager.query(
      `INSERT INTO content.item_tags (user_id, tag_id, item_type, item_id)
       SELECT user_id, $3, item_type, item_id FROM content.item_tags WHERE user_id = $1 AND tag_id = $2
       ON CONFLICT DO NOTHING`,
      [userId, fromId, intoId],
    );
    await this.delete(manager, userId, fromId);
  }

  /** Deletes the tag; the join rows go with it (ON DELETE CASCADE). */
  async delete(manager: EntityManager, userId: string, id: string): Promise<void> {
    await this.tags(manager).delete({ userId, id });
  }
}
