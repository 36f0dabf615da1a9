/**
 * Parsers for the raw replies of the stream commands the consumer sends with `call` (RESP2, strings). Each
 * fails with a message naming the command when Redis answers something unexpected, rather than misreading it.
 */

/** One entry as Redis returns it; `fields` is null when the entry was deleted (trimmed) but is still pending. */
export interface RawStreamEntry {
  id: string;
  fields: string[] | null;
}

function unexpected(command: string, reply: unknown): Error {
  return new Error(`unexpected ${command} reply: ${JSON.stringify(reply)?.slice(0, 200)}`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** `[[id, [field, value, …]], …]`, as XRANGE, XCLAIM and XAUTOCLAIM list entries. */
export function parseEntryList(reply: unknown, command: string): RawStreamEntry[] {
  if (!Array.isArray(reply)) throw unexpected(command, reply);
  return reply.map((item: unknown) => {
    if (!Array.isArray(item) || typeof item[0] !== 'string') throw unexpected(command, reply);
    const fields: unknown = item[1];
    if (fields !== null && !isStringArray(fields)) throw unexpected(command, reply);
    return { id: item[0], fields };
  });
}

/** XREADGROUP on one stream: `null` (timed out) or `[[stream, entries]]`. */
export function parseReadGroupReply(reply: unknown): RawStreamEntry[] {
  if (reply === null) return [];
  if (!Array.isArray(reply) || reply.length !== 1 || !Array.isArray(reply[0])) {
    throw unexpected('XREADGROUP', reply);
  }
  const [, entries] = reply[0] as unknown[];
  return parseEntryList(entries, 'XREADGROUP');
}

export interface AutoClaimResult {
  /** Where the next scan starts; `0-0` when the pending list was scanned to its end. */
  next: string;
  entries: RawStreamEntry[];
  /** Pending ids whose entries no longer exist; Redis 7 drops them from the pending list while claiming. */
  deletedIds: string[];
}

export function parseAutoClaimReply(reply: unknown): AutoClaimResult {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw unexpected('XAUTOCLAIM', reply);
  const deleted: unknown = reply[2] ?? [];
  if (!isStringArray(deleted)) throw unexpected('XAUTOCLAIM', reply);
  return { next: reply[0], entries: parseEntryList(reply[1], 'XAUTOCLAIM'), deletedIds: deleted };
}

export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

/** The extended form `XPENDING key group start end count [consumer]`. */
export function parsePendingRange(reply: unknown): PendingEntry[] {
  if (!Array.isArray(reply)) throw unexpected('XPENDING', reply);
  return reply.map((item: unknown) => {
    if (!Array.isArray(item) || item.length < 4) throw unexpected('XPENDING', reply);
    const [id, consumer, idleMs, deliveries] = item as unknown[];
    if (typeof id !== 'string' || typeof consumer !== 'string') throw unexpected('XPENDING', reply);
    return { id, consumer, idleMs: Number(idleMs), deliveries: Number(deliveries) };
  });
}

/** A flat `[name, value, name, value, …]` reply (XINFO) as an object. */
export function parseFlatMap(reply: unknown, command: string): Record<string, unknown> {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) throw unexpected(command, reply);
  const map: Record<string, unknown> = {};
  for (let i = 0; i < reply.length; i += 2) map[String(reply[i])] = reply[i + 1];
  return map;
}

/** True for the error Redis answers when the stream or the consumer group does not exist. */
export function isNoGroupError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOGROUP');
}
