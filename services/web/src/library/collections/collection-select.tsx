'use client';

import type { CollectionLike, CollectionRow } from './collection-tree';

/** Two no-break spaces per level: `<option>` takes no padding, so the depth is drawn with text. */
const INDENT = '\u00a0\u00a0\u00a0';

/**
 * A `<select>` of the collection tree, children indented under their parent; `excludeIds` leaves out
 * choices the server would refuse (a collection cannot move inside itself).
 */
export function CollectionSelect<C extends CollectionLike>({
  id,
  value,
  onChange,
  rows,
  noneLabel,
  excludeIds,
  disabled,
}: {
  id?: string;
  value: string;
  onChange: (collectionId: string) => void;
  rows: readonly CollectionRow<C>[];
  noneLabel: string;
  excludeIds?: ReadonlySet<string>;
  disabled?: boolean;
}) {
  return (
    <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
      <option value="">{noneLabel}</option>
      {rows
        .filter((row) => !excludeIds?.has(row.collection.id))
        .map((row) => (
          <option key={row.collection.id} value={row.collection.id}>
            {INDENT.repeat(row.depth)}
            {row.depth > 0 ? '└ ' : ''}
            {row.collection.name}
          </option>
        ))}
    </select>
  );
}
