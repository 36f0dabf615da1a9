import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/**
 * The one envelope of every event and RPC message (ARCHITECTURE §2). On a stream it is stored as flat
 * fields; `data` is JSON.
 */
export interface Envelope<TData = unknown> {
  /** UUIDv7: time-ordered, and the idempotency key of every consumer. */
  id: string;
  /** The pattern, e.g. `bookmark.created` or `content.bookmark.create`. */
  type: string;
  /** Schema version of `data`. */
  v: number;
  /** ISO 8601 UTC time the fact happened or the request was made. */
  ts: string;
  /** User id, or `system`. */
  actor: string;
  /** Shared by everything one user action causes. */
  correlationId: string;
  /** The id of the message that caused this one (empty for a root). */
  causationId: string;
  /** W3C trace context of the producer, when traced. */
  traceparent: string;
  data: TData;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks the envelope's own fields; `data` is checked against its contract separately. */
export const envelopeSchema = z.object({
  id: z.string().regex(UUID, 'must be a UUID'),
  type: z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/, 'must be a dotted lower-case pattern'),
  v: z.number().int().min(1),
  ts: z.iso.datetime({ offset: true }),
  actor: z.string().min(1).max(100),
  correlationId: z.string().max(200),
  causationId: z.string().max(200),
  traceparent: z.string().max(200),
  data: z.unknown(),
});

export interface NewEnvelope<TData> {
  type: string;
  v?: number;
  actor: string;
  data: TData;
  /** The message being handled when this one is produced: its correlation carries over, it becomes the cause. */
  causedBy?: Pick<Envelope, 'id' | 'correlationId' | 'traceparent'>;
  correlationId?: string;
  traceparent?: string;
  /** Fixed id, for retries that must produce the same message. */
  id?: string;
  now?: Date;
}

export function createEnvelope<TData>(input: NewEnvelope<TData>): Envelope<TData> {
  const id = input.id ?? uuidv7();
  return {
    id,
    type: input.type,
    v: input.v ?? 1,
    ts: (input.now ?? new Date()).toISOString(),
    actor: input.actor,
    correlationId: input.correlationId ?? input.causedBy?.correlationId ?? id,
    causationId: input.causedBy?.id ?? '',
    traceparent: input.traceparent ?? input.causedBy?.traceparent ?? '',
    data: input.data,
  };
}

/** Flat `[field, value, …]` for XADD. Extra transport fields (reply inbox, deadline) are appended by callers. */
export function envelopeToFields(envelope: Envelope): string[] {
  return [
    'id',
    envelope.id,
    'type',
    envelope.type,
    'v',
    String(envelope.v),
    'ts',
    envelope.ts,
    'actor',
    envelope.actor,
    'correlationId',
    envelope.correlationId,
    'causationId',
    envelope.causationId,
    'traceparent',
    envelope.traceparent,
    'data',
    JSON.stringify(envelope.data ?? null),
  ];
}

/** Field list as XREADGROUP returns it → name/value map (last value wins). */
export function fieldsToRecord(fields: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]] = fields[i + 1];
  return record;
}

export class MalformedEnvelopeError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'MalformedEnvelopeError';
  }
}

/** Parses stream fields into an envelope; throws {@link MalformedEnvelopeError} (not retryable). */
export function envelopeFromFields(fields: Record<string, string>): Envelope {
  let data: unknown;
  try {
    data = JSON.parse(fields.data ?? 'null');
  } catch {
    throw new MalformedEnvelopeError('data is not valid JSON', [{ path: 'data', message: 'not JSON' }]);
  }
  const parsed = envelopeSchema.safeParse({ ...fields, v: Number(fields.v), data });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new MalformedEnvelopeError(
      `malformed envelope: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}
