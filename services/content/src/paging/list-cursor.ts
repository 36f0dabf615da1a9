import { validationFailed } from '@tracera/streams';

/**
 * Where a page continues: the last row's sort value (as Postgres printed it) and id, for one sort order. A
 * long value (a title) is left out to keep cursors short; the list then reads it from the row by id.
 */
export interface ListCursor {
  sort: string;
  value: string | null;
  id: string;
}

/** Bytes of a sort value a cursor carries at most (requests cap cursors at 200 characters). */
const CURSOR_VALUE_MAX_BYTES = 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of the sort order, the last row's sort value and its id. */
export function encodeListCursor(cursor: ListCursor): string {
  const value =
    cursor.value !== null && Buffer.byteLength(cursor.value) <= CURSOR_VALUE_MAX_BYTES ? cursor.value : null;
  return Buffer.from(JSON.stringify([cursor.sort, value, cursor.id])).toString('base64url');
}

/**
 * The position a cursor names; VALIDATION on `cursor` when this list did not hand it out, or handed it out
 * for another sort order (its position would mean nothing in this one).
 */
export function decodeListCursor(cursor: string | undefined, sort: string): ListCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      typeof parsed[0] === 'string' &&
      (typeof parsed[1] === 'string' || parsed[1] === null) &&
      typeof parsed[2] === 'string'
    ) {
      const [cursorSort, value, id] = parsed as [string, string | null, string];
      if (cursorSort === sort && UUID.test(id)) return { sort, value, id };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
}

/** A row as a keyset list reads it: the entity and its sort value printed by Postgres. */
export interface KeyedRow<T> {
  row: T;
  sortValue: string;
}

/** A page from rows fetched with one extra (`limit + 1`): the extra row only says whether more follow. */
export function keysetPage<T extends { id: string }, TView>(
  rows: KeyedRow<T>[],
  limit: number,
  sort: string,
  toView: (row: T) => TView,
): { items: TView[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((keyed) => toView(keyed.row)),
    nextCursor:
      rows.length > limit && last ? encodeListCursor({ sort, value: last.sortValue, id: last.row.id }) : null,
  };
}
