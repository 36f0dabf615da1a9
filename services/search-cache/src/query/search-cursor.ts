import { createHash } from 'node:crypto';
import { RpcError } from '@tracera/streams';

/** Where the next page starts: an offset into the ranked matches, or a keyset position when listing by recency. */
export type SearchPosition = { offset: number } | { updatedAt: string; id: string };

/** Ties a cursor to its query, so a cursor handed out for one query is refused by another. */
export function queryFingerprint(canonicalQuery: string): string {
  return createHash('sha256').update(canonicalQuery).digest('base64url').slice(0, 12);
}

/** Opaque to clients: base64url of the query fingerprint and the position. */
export function encodeSearchCursor(fingerprint: string, position: SearchPosition): string {
  const payload =
    'offset' in position ? [fingerprint, position.offset] : [fingerprint, position.updatedAt, position.id];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function invalidCursor(): RpcError {
  return new RpcError('VALIDATION', 'cursor is not a cursor this search handed out', {
    errors: [{ field: 'cursor', message: 'is not a cursor this search handed out' }],
  });
}

/** The position a cursor names; VALIDATION on `cursor` when it was not made for this query. */
export function decodeSearchCursor(
  cursor: string | undefined,
  fingerprint: string,
): SearchPosition | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed[0] !== fingerprint) throw invalidCursor();
  if (parsed.length === 2 && Number.isInteger(parsed[1]) && (parsed[1] as number) >= 0) {
    return { offset: parsed[1] as number };
  }
  const [, updatedAt, id] = parsed as unknown[];
  if (
    parsed.length === 3 &&
    typeof updatedAt === 'string' &&
    !Number.isNaN(Date.parse(updatedAt)) &&
    typeof id === 'string' &&
    /^[0-9a-f-]{36}$/i.test(id)
  ) {
    return { updatedAt, id };
  }
  throw invalidCursor();
}
