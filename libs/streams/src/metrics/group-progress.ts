import { LuaScript, type RedisConnection } from '@tracera/redis';
import { parseFlatMap } from '../events/stream-replies';

/** What XINFO GROUPS says about one consumer group. */
export interface GroupProgress {
  group: string;
  consumers: number;
  /** Delivered but not yet acknowledged. */
  pending: number;
  lastDeliveredId: string;
  /** Entries not yet delivered to the group; null when Redis cannot tell (after deletions inside the range). */
  lag: number | null;
}

/** A stream and a consumer group reading it. */
export interface StreamGroup {
  stream: string;
  group: string;
}

function asCount(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Every group of `stream`; none when the stream does not exist. */
export async function readGroupProgress(redis: RedisConnection, stream: string): Promise<GroupProgress[]> {
  let reply: unknown;
  try {
    reply = await redis.call('XINFO', 'GROUPS', stream);
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return [];
    throw error;
  }
  if (!Array.isArray(reply)) throw new Error(`unexpected XINFO GROUPS reply for ${stream}`);
  return reply.map((raw: unknown) => {
    const info = parseFlatMap(raw, 'XINFO GROUPS');
    return {
      group: String(info.name),
      consumers: Number(info.consumers),
      pending: Number(info.pending),
      lastDeliveredId: String(info['last-delivered-id']),
      lag: asCount(info.lag),
    };
  });
}

// Counts in the server: only the number crosses the network, not up to `cap` entries with their payloads.
const countUnread = new LuaScript(
  'count-unread',
  `return #redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', tonumber(ARGV[2]))`,
);

export interface MeasuredLag {
  lag: number;
  /** True when the entries were counted only up to the cap: the real lag is at least `lag`. */
  atLeast: boolean;
}

/** The group's lag; when XINFO cannot tell, counts the entries after its last delivered one, up to `cap`. */
export async function measureLag(
  redis: RedisConnection,
  stream: string,
  progress: GroupProgress,
  cap: number,
): Promise<MeasuredLag> {
  if (progress.lag !== null) return { lag: progress.lag, atLeast: false };
  const counted = Number(await countUnread.run(redis, [stream], [progress.lastDeliveredId, cap]));
  return { lag: counted, atLeast: counted >= cap };
}
