import { validationFailed } from '@tracera/streams';

/** What the index pages through, in order: collections first, so items can be placed in them. */
export const INDEX_PHASES = ['collection', 'bookmark', 'note', 'task', 'file'] as const;
export type IndexPhase = (typeof INDEX_PHASES)[number];

export interface IndexPosition {
  phase: IndexPhase;
  /** The last id of `phase` already handed out (null: the phase starts from its beginning). */
  afterId: string | null;
}

export function encodeIndexCursor(position: IndexPosition): string {
  return Buffer.from(JSON.stringify([position.phase, position.afterId])).toString('base64url');
}

/** The start for no cursor; VALIDATION on `cursor` for one this RPC did not hand out. */
export function decodeIndexCursor(cursor: string | undefined): IndexPosition {
  if (cursor === undefined) return { phase: INDEX_PHASES[0], afterId: null };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [phase, afterId] = parsed as [unknown, unknown];
      const knownPhase = INDEX_PHASES.find((candidate) => candidate === phase);
      if (
        knownPhase !== undefined &&
        (afterId === null || (typeof afterId === 'string' && afterId.length === 36))
      ) {
        return { phase: knownPhase, afterId };
      }
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor this index handed out' }]);
}
