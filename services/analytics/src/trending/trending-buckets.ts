import { Injectable } from '@nestjs/common';
import { LuaScript, RedisClients, RedisKeys } from '@tracera/redis';
import { HOUR_MS, KEPT_HOURS, type TrendingContribution } from './trending-contribution';

// KEYS: per hour, its seen set, domain bucket and tag bucket (one hash tag for all). ARGV[1]: JSON
// [[expireAtSeconds, [[eventId, domain or '', [tags…]], …]], …], one entry per hour in KEYS' order. An event
// counts only when SADD adds it to its hour's seen set, so re-running a batch (a redelivery after a crash
// between commit and Redis) repairs what is missing and never counts twice. Returns how many events counted.
const RECORD_SCRIPT = new LuaScript(
  'trending-record',
  `
local hours = cjson.decode(ARGV[1])
local counted = 0
for index, hour in ipairs(hours) do
  local seen, domains, tags = KEYS[index * 3 - 2], KEYS[index * 3 - 1], KEYS[index * 3]
  for _, event in ipairs(hour[2]) do
    if redis.call('SADD', seen, event[1]) == 1 then
      counted = counted + 1
      if event[2] ~= '' then redis.call('ZINCRBY', domains, 1, event[2]) end
      for _, tag in ipairs(event[3]) do redis.call('ZINCRBY', tags, 1, tag) end
    end
  end
  for offset = 2, 0, -1 do redis.call('EXPIREAT', KEYS[index * 3 - offset], hour[1]) end
end
return counted
`,
);

// KEYS: n domain buckets, n tag buckets, then a scratch key for each (same hash tag). ARGV: n, limit. Sums the
// buckets into the scratch key, reads the top `limit` and, when the list is full, the alphabetically first
// members tied with the last score (ZRANGEBYSCORE lists equal scores by name), then drops the scratch key
// within the same script, so it never outlives the call.
const TOP_SCRIPT = new LuaScript(
  'trending-top',
  `
local n, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local function top(first, scratch)
  local sources = {}
  for i = first, first + n - 1 do sources[#sources + 1] = KEYS[i] end
  redis.call('ZUNIONSTORE', scratch, n, unpack(sources))
  local best = redis.call('ZRANGE', scratch, 0, limit - 1, 'REV', 'WITHSCORES')
  local ties = {}
  if #best == 2 * limit then
    local lowest = best[#best]
    ties = redis.call('ZRANGEBYSCORE', scratch, lowest, lowest, 'WITHSCORES', 'LIMIT', 0, limit)
  end
  redis.call('DEL', scratch)
  return {best, ties}
end
return {top(1, KEYS[2 * n + 1]), top(n + 1, KEYS[2 * n + 2])}
`,
);

/** A name and how many times it was seen. */
export interface TrendingCount {
  name: string;
  count: number;
}

type TopReply = [[string[], string[]], [string[], string[]]];

/**
 * Instance-wide hourly sorted sets of saved domains and item tags in core Redis, with a seen set of event ids
 * per hour. Every key carries the hash tag `{trending:all}`, so one script reads or writes any of them on a
 * Redis Cluster. Members are domains, tags and event ids: never people.
 */
@Injectable()
export class TrendingBuckets {
  constructor(
    private readonly clients: RedisClients,
    private readonly keys: RedisKeys,
  ) {}

  /** Counts each contribution once per event (see RECORD_SCRIPT), in one script call. */
  async record(contributions: readonly TrendingContribution[]): Promise<number> {
    if (contributions.length === 0) return 0;
    const byHour = new Map<number, [string, string, string[]][]>();
    for (const { eventId, hour, domain, tags } of contributions) {
      const events = byHour.get(hour) ?? [];
      events.push([eventId, domain ?? '', tags]);
      byHour.set(hour, events);
    }
    const hours = [...byHour.keys()];
    const keys = hours.flatMap((hour) => this.hourKeys(hour));
    // Expires KEPT_HOURS after the hour ended: "about 8 days", and past every window that reads it.
    const payload = hours.map((hour) => [
      String(((hour + 1 + KEPT_HOURS) * HOUR_MS) / 1000),
      byHour.get(hour),
    ]);
    return Number(await RECORD_SCRIPT.run(this.clients.core, keys, [JSON.stringify(payload)]));
  }

  /** The top `limit` domains and tags summed over `hours`, by count, then by name. */
  async top(
    hours: readonly number[],
    limit: number,
  ): Promise<{ domains: TrendingCount[]; tags: TrendingCount[] }> {
    const keys = [
      ...hours.map((hour) => this.domainsKey(hour)),
      ...hours.map((hour) => this.tagsKey(hour)),
      this.keys.tagged('trending', 'all', 'union', 'domains'),
      this.keys.tagged('trending', 'all', 'union', 'tags'),
    ];
    const [domains, tags] = (await TOP_SCRIPT.run(this.clients.core, keys, [
      hours.length,
      limit,
    ])) as TopReply;
    return { domains: mergeTop(domains, limit), tags: mergeTop(tags, limit) };
  }

  /** Deletes the buckets and seen sets of `hours` (one DEL: they share a slot). */
  async clear(hours: readonly number[]): Promise<void> {
    if (hours.length === 0) return;
    await this.clients.core.del(...hours.flatMap((hour) => this.hourKeys(hour)));
  }

  /** Every trending key of one hour: seen set, domains, tags (the order RECORD_SCRIPT expects). */
  hourKeys(hour: number): [string, string, string] {
    return [
      this.keys.tagged('trending', 'all', 'seen', label(hour)),
      this.domainsKey(hour),
      this.tagsKey(hour),
    ];
  }

  private domainsKey(hour: number): string {
    return this.keys.tagged('trending', 'all', 'domains', label(hour));
  }

  private tagsKey(hour: number): string {
    return this.keys.tagged('trending', 'all', 'tags', label(hour));
  }
}

/** `2026-11-23T20`: the UTC hour, readable for operators. */
function label(hour: number): string {
  return new Date(hour * HOUR_MS).toISOString().slice(0, 13);
}

/** Redis' byte order, which ZRANGEBYSCORE used to pick the ties. */
function byName(a: TrendingCount, b: TrendingCount): number {
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
}

/** The top list plus the first ties at its last score, ordered by count, then name, cut at `limit`. */
function mergeTop([best, ties]: [string[], string[]], limit: number): TrendingCount[] {
  const counts = (flat: string[]) => {
    const entries: TrendingCount[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push({ name: flat[i], count: Number(flat[i + 1]) });
    return entries;
  };
  const top = counts(best);
  if (ties.length === 0) return top.sort((a, b) => b.count - a.count || byName(a, b)).slice(0, limit);
  const lowest = top[top.length - 1].count;
  const above = top.filter((entry) => entry.count > lowest);
  return [...above, ...counts(ties)].sort((a, b) => b.count - a.count || byName(a, b)).slice(0, limit);
}
