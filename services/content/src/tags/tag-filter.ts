import { type ItemType } from '@tracera/contracts';
import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

/** Keeps the items (of `alias`, owned by `:userId`) carrying the tag named `tag`. For repositories. */
export function whereTagged<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  alias: string,
  itemType: ItemType,
  tag: string,
): SelectQueryBuilder<T> {
  return builder.andWhere(
    `EXISTS (SELECT 1 FROM content.item_tags it
              WHERE it.item_type = :taggedType AND it.item_id = ${alias}.id
                AND it.tag_id = (SELECT t.id FROM content.tags t WHERE t.user_id = :userId AND t.name = :taggedName))`,
    { taggedType: itemType, taggedName: tag },
  );
}
