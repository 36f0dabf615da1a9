import { validationFailed } from '@tracera/streams';
import { type ChallengeCursor } from './challenge.repository';

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** base64url of the last listed challenge's (created_at, id). */
export function encodeChallengeCursor(cursor: ChallengeCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** The position a cursor names; VALIDATION on `cursor` when it was not made by {@link encodeChallengeCursor}. */
export function decodeChallengeCursor(cursor: string | undefined): ChallengeCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      const [createdAt, id] = parsed as [string, string];
      // Exactly what the encoder writes (ISO UTC with milliseconds, a UUID): anything looser reaches SQL as a 500.
      if (ISO_UTC_MS.test(createdAt) && !Number.isNaN(Date.parse(createdAt)) && UUID.test(id))
        return { createdAt, id };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
}
