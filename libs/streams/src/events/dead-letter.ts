import { fieldsToRecord } from '@tracera/contracts';
import { LuaScript, type RedisConnection } from '@tracera/redis';

/**
 * Layout of a dead-letter entry: the failure under `dead:*` fields, then every field of the original entry
 * unchanged, so a re-drive strips the `dead:*` fields and republishes the rest as it was.
 */
export const DEAD_LETTER_FIELD_PREFIX = 'dead:';

export const DeadLetterField = {
  reason: 'dead:reason',
  error: 'dead:error',
  stream: 'dead:stream',
  entryId: 'dead:entryId',
  group: 'dead:group',
  consumer: 'dead:consumer',
  deliveries: 'dead:deliveries',
  failedAt: 'dead:failedAt',
} as const;

/**
 * `max-deliveries`: failed every allowed delivery; `non-retryable`: the handler threw NonRetryableError;
 * `malformed`: the entry is not a valid envelope.
 */
export type DeadLetterReason = 'max-deliveries' | 'non-retryable' | 'malformed';

export interface DeadLetterCause {
  reason: DeadLetterReason;
  error: string;
  stream: string;
  entryId: string;
  group: string;
  consumer: string;
  deliveries: number;
  failedAt: Date;
}

/** A dead-letter entry, read back. */
export interface DeadLetter extends Omit<DeadLetterCause, 'failedAt'> {
  /** The id of the entry in the dead-letter stream (what re-drive and discard take). */
  deadEntryId: string;
  /** ISO 8601. */
  failedAt: string;
  /** The original entry's fields, envelope and transport fields alike. */
  fields: Record<string, string>;
}

const MAX_ERROR_LENGTH = 2000;

/** `Name: message`, bounded, for the dead-letter entry and the log. */
export function describeFailure(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : typeof error === 'string'
        ? error
        : JSON.stringify(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export function deadLetterFields(cause: DeadLetterCause, originalFields: readonly string[]): string[] {
  return [
    DeadLetterField.reason,
    cause.reason,
    DeadLetterField.error,
    cause.error,
    DeadLetterField.stream,
    cause.stream,
    DeadLetterField.entryId,
    cause.entryId,
    DeadLetterField.group,
    cause.group,
    DeadLetterField.consumer,
    cause.consumer,
    DeadLetterField.deliveries,
    String(cause.deliveries),
    DeadLetterField.failedAt,
    cause.failedAt.toISOString(),
    ...originalFields,
  ];
}

export function parseDeadLetter(deadEntryId: string, rawFields: readonly string[]): DeadLetter {
  const record = fieldsToRecord([...rawFields]);
  const original: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    if (!name.startsWith(DEAD_LETTER_FIELD_PREFIX)) original[name] = value;
  }
  return {
    deadEntryId,
    reason: record[DeadLetterField.reason] as DeadLetterReason,
    error: record[DeadLetterField.error] ?? '',
    stream: record[DeadLetterField.stream] ?? '',
    entryId: record[DeadLetterField.entryId] ?? '',
    group: record[DeadLetterField.group] ?? '',
    consumer: record[DeadLetterField.consumer] ?? '',
    deliveries: Number(record[DeadLetterField.deliveries] ?? 0),
    failedAt: record[DeadLetterField.failedAt] ?? '',
    fields: original,
  };
}

// Acknowledges first: an entry no longer pending (acked or dead-lettered by a replica that reclaimed it)
// must not be dead-lettered twice.
const deadLetterAndAck = new LuaScript(
  'dead-letter-and-ack',
  `
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return false end
return redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
`,
);

/**
 * Adds the entry to the dead-letter stream and acknowledges it for the group in one script (both keys share
 * the stream's hash tag). Resolves to the dead-letter entry id, or null when the entry was no longer pending.
 */
export async function moveToDeadLetters(
  redis: RedisConnection,
  deadLetterStream: string,
  cause: DeadLetterCause,
  originalFields: readonly string[],
): Promise<string | null> {
  const result = await deadLetterAndAck.run(
    redis,
    [cause.stream, deadLetterStream],
    [cause.group, cause.entryId, ...deadLetterFields(cause, originalFields)],
  );
  return typeof result === 'string' ? result : null;
}
