import { validationFailed } from '@tracera/streams';

/** Where a page ordered by (time desc, id desc) continues: base64url of the last row's sort key. */
export interface TimeCursor {
  at: string;
  id: string;
}

export function encodeTimeCursor(cursor: TimeCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** The position a cursor names; VALIDATION on `cursor` when it was not made by {@link encodeTimeCursor}. */
export function decodeTimeCursor(cursor: string | undefined): TimeCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      const [at, id] = parsed as [string, string];
      if (!Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id)) return { at, id };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
}
