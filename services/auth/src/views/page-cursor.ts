import { validationFailed } from '../auth-errors';

/** Where a page of users ordered by (username, id) continues. */
export interface UserPageCursor {
  username: string;
  id: string;
}

/** Opaque to clients: base64url of the last row's sort key. */
export function encodeUserCursor(cursor: UserPageCursor): string {
  return Buffer.from(JSON.stringify([cursor.username, cursor.id])).toString('base64url');
}

/** The position a cursor names; VALIDATION on `cursor` when it was not made by {@link encodeUserCursor}. */
export function decodeUserCursor(cursor: string | undefined): UserPageCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      const [username, id] = parsed as [string, string];
      if (/^[0-9a-f-]{36}$/i.test(id)) return { username, id };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
}

/** A page from rows fetched with one extra (`limit + 1`): the extra row only says whether more follow. */
export function userPage<TRow extends UserPageCursor, TView>(
  rows: TRow[],
  limit: number,
  toView: (row: TRow) => TView,
): { items: TView[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit && last ? encodeUserCursor(last) : null,
  };
}
