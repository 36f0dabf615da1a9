import { Injectable } from '@nestjs/common';
import { type ItemType } from '@tracera/contracts';
import { type EmitEvent } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { CollectionRepository } from '../collections/collection.repository';
import { ItemTagsRepository } from '../tags/item-tags.repository';
import { announceCreatedTags, sameTags } from '../tags/tag-events';

/** The plain fields of `request` whose value differs from the row's (undefined: not asked to change). */
export function changedFields<T extends object, K extends keyof T>(
  row: T,
  request: Partial<Record<K, T[K]>>,
  fields: readonly K[],
): Partial<Pick<T, K>> {
  const changes: Partial<Pick<T, K>> = {};
  for (const field of fields) {
    const value = request[field];
    if (value !== undefined && value !== row[field]) changes[field] = value;
  }
  return changes;
}

/**
 * What every item update shares beyond its own fields: moving it to another of the user's collections and
 * replacing its tags, so bookmarks, notes, tasks and files apply one rule for both.
 */
@Injectable()
export class ItemChanges {
  constructor(
    private readonly collections: CollectionRepository,
    private readonly itemTags: ItemTagsRepository,
  ) {}

  /** `{collectionId}` when the request moves the item (to a collection of the user's, checked), else `{}`. */
  async collectionMove(
    manager: EntityManager,
    userId: string,
    current: string | null,
    requested: string | null | undefined,
  ): Promise<{ collectionId?: string | null }> {
    if (requested === undefined || requested === current) return {};
    await this.collections.assertOwned(manager, userId, requested);
    return { collectionId: requested };
  }

  /**
   * The item's tags after the request (`requested` undefined leaves them), and whether they changed; tags the
   * change brought into being are announced with `tag.created` before the item's own event.
   */
  async retag(
    manager: EntityManager,
    emit: EmitEvent,
    userId: string,
    itemType: ItemType,
    itemId: string,
    requested: readonly string[] | undefined,
  ): Promise<{ tags: string[]; changed: boolean }> {
    const tags = (await this.itemTags.tagsOf(manager, userId, itemType, [itemId])).get(itemId) ?? [];
    if (requested === undefined || sameTags(tags, requested)) return { tags, changed: false };
    const applied = await this.itemTags.applyTags(manager, userId, itemType, itemId, [...requested]);
    announceCreatedTags(emit, userId, applied.created);
    return { tags: applied.names, changed: true };
  }
}
