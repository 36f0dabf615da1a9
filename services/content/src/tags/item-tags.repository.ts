import { Injectable } from '@nestjs/common';
import { type ItemType } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { v7 as uuidv7 } from 'uuid';
import { type EntityManager } from 'typeorm';

export interface TagRef {
  id: string;
  name: string;
}

/** The tags an item was given, and the ones that did not exist before (the caller may announce them). */
export interface AppliedTags {
  names: string[];
  created: TagRef[];
}

/**
 * Every SQL on `content.item_tags`, the join of tags and items of every type (files included), plus the
 * creation of tags an item names. Names arrive normalized (`tagNameField`); duplicates are collapsed here.
 * Methods taking a manager run inside the caller's transaction; `undefined` reads outside one.
 */
@Injectable()
export class ItemTagsRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private runner(manager: EntityManager | undefined): EntityManager {
    return manager ?? this.connector.dataSource.manager;
  }

  /** Creates the tags among `names` the user does not have yet; answers all of them with their ids. */
  async ensureTags(
    manager: EntityManager,
    userId: string,
    names: readonly string[],
  ): Promise<{ tags: TagRef[]; created: TagRef[] }> {
    const unique = [...new Set(names)];
    if (unique.length === 0) return { tags: [], created: [] };
    const created = await manager.query<TagRef[]>(
      `INSERT INTO content.tags (id, user_id, name)
       SELECT candidate.id, $1, candidate.name
         FROM unnest($2::uuid[], $3::text[]) AS candidate(id, name)
       ON CONFLICT (user_id, name) DO NOTHING
       RETURNING id, name`,
      [userId, unique.map(() => uuidv7()), unique],
    );
    const tags = await manager.query<TagRef[]>(
      'SELECT id, name FROM content.tags WHERE user_id = $1 AND name = ANY($2::text[])',
      [userId, unique],
    );
    return { tags, created };
  }

  /** Replaces the item's tags with `names`, creating missing tags; answers the names, sorted. */
  async applyTags(
    manager: EntityManager,
    userId: string,
    itemType: ItemType,
    itemId: string,
    names: readonly string[],
  ): Promise<AppliedTags> {
    const { tags, created } = await this.ensureTags(manager, userId, names);
    const tagIds = tags.map((tag) => tag.id);
    await manager.query(
      `DELETE FROM content.item_tags
        WHERE user_id = $1 AND item_type = $2 AND item_id = $3 AND NOT (tag_id = ANY($4::uuid[]))`,
      [userId, itemType, itemId, tagIds],
    );
    if (tagIds.length > 0) {
      await manager.query(
        `INSERT INTO content.item_tags (user_id, tag_id, item_type, item_id)
         SELECT $1, tag_id, $2, $3 FROM unnest($4::uuid[]) AS tag_id
         ON CONFLICT DO NOTHING`,
        [userId, itemType, itemId, tagIds],
      );
    }
    return { names: tags.map((tag) => tag.name).sort(), created };
  }

  /** Replaces the item's tags with `names` (creating missing tags, emitting nothing); answers the sorted names. */
  async setTags(
    manager: EntityManager,
    userId: string,
    itemType: ItemType,
    itemId: string,
    names: readonly string[],
  ): Promise<string[]> {
    return (await this.applyTags(manager, userId, itemType, itemId, names)).names;
  }

  /** Tags many new items at once (imports): one statement for the tags, one for the join rows. */
  async tagNewItems(
    manager: EntityManager,
    userId: string,
    itemType: ItemType,
    items: readonly { itemId: string; names: readonly string[] }[],
  ): Promise<TagRef[]> {
    const { tags, created } = await this.ensureTags(
      manager,
      userId,
      items.flatMap((item) => item.names),
    );
    const idOf = new Map(tags.map((tag) => [tag.name, tag.id]));
    const itemIds: string[] = [];
    const tagIds: string[] = [];
    for (const item of items) {
      for (const name of new Set(item.names)) {
        const tagId = idOf.get(name);
        if (tagId === undefined) continue;
        itemIds.push(item.itemId);
        tagIds.push(tagId);
      }
    }
    if (itemIds.length > 0) {
      await manager.query(
        `INSERT INTO content.item_tags (user_id, tag_id, item_type, item_id)
         SELECT $1, pair.tag_id, $2, pair.item_id FROM unnest($3::uuid[], $4::uuid[]) AS pair(tag_id, item_id)
         ON CONFLICT DO NOTHING`,
        [userId, itemType, tagIds, itemIds],
      );
    }
    return created;
  }

  /** Each item's tag names, sorted; items without tags map to `[]`. */
  async tagsOf(
    manager: EntityManager | undefined,
    userId: string,
    itemType: ItemType,
    itemIds: readonly string[],
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(itemIds.map((id) => [id, []]));
    if (itemIds.length === 0) return result;
    const rows = await this.runner(manager).query<{ item_id: string; name: string }[]>(
      `SELECT it.item_id, t.name
         FROM content.item_tags it JOIN content.tags t ON t.id = it.tag_id
        WHERE it.user_id = $1 AND it.item_type = $2 AND it.item_id = ANY($3::uuid[])
        ORDER BY t.name`,
      [userId, itemType, itemIds],
    );
    for (const row of rows) result.get(row.item_id)?.push(row.name);
    return result;
  }

  /** Tags of items of many users at once (the search index rebuild), keyed by item id. */
  async tagsOfAnyUser(itemType: ItemType, itemIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(itemIds.map((id) => [id, []]));
    if (itemIds.length === 0) return result;
    const rows = await this.runner(undefined).query<{ item_id: string; name: string }[]>(
      `SELECT it.item_id, t.name
         FROM content.item_tags it JOIN content.tags t ON t.id = it.tag_id
        WHERE it.item_type = $1 AND it.item_id = ANY($2::uuid[])
        ORDER BY t.name`,
      [itemType, itemIds],
    );
    for (const row of rows) result.get(row.item_id)?.push(row.name);
    return result;
  }

  /** Removes every tag of the given items (call it when deleting them: the join has no item foreign key). */
  async clearItems(
    manager: EntityManager,
    userId: string,
    itemType: ItemType,
    itemIds: readonly string[],
  ): Promise<void> {
    if (itemIds.length === 0) return;
    await manager.query(
      'DELETE FROM content.item_tags WHERE user_id = $1 AND item_type = $2 AND item_id = ANY($3::uuid[])',
      [userId, itemType, itemIds],
    );
  }
}
