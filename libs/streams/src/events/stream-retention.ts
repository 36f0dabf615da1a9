import { LuaScript, type RedisConnection } from '@tracera/redis';

export interface StreamRetention {
  /** Roughly the most entries kept; 0 keeps any number. */
  maxLength: number;
  /** Entries older than this may go, ms; 0 keeps them however old. */
  maxAgeMs: number;
}

export interface TrimResult {
  /** Entries removed. */
  trimmed: number;
  /** Entries older than this id were eligible for removal ('' when nothing was over a limit). */
  cutoffId: string;
  /** The group whose unread or pending entries held the cutoff back, if one did. */
  heldBackBy?: string;
  /** More entries are over the length limit than one pass examines; run another pass. */
  more: boolean;
}

/** Entries one pass looks at to find the length cutoff; bounds how long the script holds the server. */
export const TRIM_PASS_ENTRIES = 10_000;

// Retention is enforced as one MINID trim: the cutoff is the newer of the length limit's first kept entry
// and the age limit, then pulled back to the oldest entry any group still needs (its oldest pending entry
// or its first undelivered one), so trimming never drops what a group has not read or acknowledged.
const trimScript = new LuaScript(
  'trim-stream',
  `
local function older(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, '', '', 0} end
local maxLength, maxAgeMs, passEntries = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local cutoff = nil
local more = 0
if maxLength > 0 then
  local excess = redis.call('XLEN', KEYS[1]) - maxLength
  if excess > 0 then
    if excess > passEntries then more = 1; excess = passEntries end
    local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', excess + 1)
    cutoff = head[#head][1]
  end
end
if maxAgeMs > 0 then
  local now = redis.call('TIME')
  local ageCutoff = string.format('%.0f-0', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - maxAgeMs)
  if cutoff == nil or older(cutoff, ageCutoff) then cutoff = ageCutoff end
end
if cutoff == nil then return {0, '', '', 0} end
local holder = ''
for _, raw in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local group = {}
  for i = 1, #raw, 2 do group[raw[i]] = raw[i + 1] end
  if group['pending'] > 0 then
    local oldest = redis.call('XPENDING', KEYS[1], group['name'], '-', '+', 1)
    if #oldest > 0 and older(oldest[1][1], cutoff) then cutoff = oldest[1][1]; holder = group['name'] end
  end
  local unread = redis.call('XRANGE', KEYS[1], '(' .. group['last-delivered-id'], '+', 'COUNT', 1)
  if #unread > 0 and older(unread[1][1], cutoff) then cutoff = unread[1][1]; holder = group['name'] end
end
if holder ~= '' then more = 0 end
return {redis.call('XTRIM', KEYS[1], 'MINID', '~', cutoff), cutoff, holder, more}
`,
);

/** One retention pass over `stream`; see the comment on the script for what it keeps. */
export async function trimStream(
  redis: RedisConnection,
  stream: string,
  retention: StreamRetention,
): Promise<TrimResult> {
  const reply = (await trimScript.run(
    redis,
    [stream],
    [retention.maxLength, retention.maxAgeMs, TRIM_PASS_ENTRIES],
  )) as [number, string, string, number];
  const [trimmed, cutoffId, holder, more] = reply;
  return { trimmed, cutoffId, heldBackBy: holder || undefined, more: more === 1 };
}
