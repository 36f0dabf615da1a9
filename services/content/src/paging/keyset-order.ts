import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { type KeyedRow, type ListCursor } from './list-cursor';

/** How a list sorts by one field: the SQL expression (on the builder's alias) and its type. */
export interface SortKey {
  expression: string;
  type: 'timestamptz' | 'text' | 'smallint';
}

/** `-field` sorts descending. */
export function parseSort(sort: string): { field: string; descending: boolean } {
  return sort.startsWith('-')
    ? { field: sort.slice(1), descending: true }
    : { field: sort, descending: false };
}

/**
 * Orders `builder` by `key` then id, continues after `after` and reads `limit + 1` rows with their sort value
 * printed by Postgres (text round-trips exactly, microseconds and collation included). For repositories;
 * `table` is the schema-qualified table behind `alias`.
 */
export async function readKeysetPage<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  table: string,
  alias: string,
  key: SortKey,
  descending: boolean,
  after: ListCursor | undefined,
  limit: number,
): Promise<KeyedRow<T>[]> {
  const direction = descending ? 'DESC' : 'ASC';
  builder.addSelect(`(${key.expression})::text`, 'sort_value');
  if (after !== undefined) {
    // The inner alias shadows the outer one, so the same expression reads the cursor row's value.
    const afterValue =
      after.value === null
        ? `(SELECT ${key.expression} FROM ${table} ${alias} WHERE ${alias}.id = CAST(:afterId AS uuid))`
        : `CAST(:afterValue AS ${key.type})`;
    builder.andWhere(
      `(${key.expression}, ${alias}.id) ${descending ? '<' : '>'} (${afterValue}, CAST(:afterId AS uuid))`,
      { afterValue: after.value, afterId: after.id },
    );
  }
  builder
    .orderBy(key.expression, direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(limit + 1);
  const { entities, raw } = await builder.getRawAndEntities<{ sort_value: string }>();
  return entities.map((row, index) => ({ row, sortValue: raw[index].sort_value }));
}
