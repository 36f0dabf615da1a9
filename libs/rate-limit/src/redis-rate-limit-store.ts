import { randomBytes } from 'node:crypto';
import { LuaScript, type RedisConnection } from '@tracera/redis';
import { type CountResult } from './rate-limit-decision';
import { type LoginPolicy, type RateLimitAlgorithm, type RequestPolicy } from './rate-limit-policy';
import { type LoginFailures, type RateLimitStore } from './rate-limit-store';

// Every script reads the clock with TIME (milliseconds; microseconds would not survive Lua's %.14g number
// formatting), so all replicas count against one clock. Each returns {allowed, remaining, resetMs}.
/** Lua that sets `t` (the TIME reply) and `now` (epoch ms); shared with scripts that count inside other work. */
export const REDIS_NOW_MS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Sliding log: a sorted set of the admitted requests' times, so the limit holds exactly at every instant,
 * also across a window edge (the two-bucket approximation can admit more there, or deny early). It costs
 * at most `limit` entries per subject, which is small for these limits. Denied requests are not logged.
 *
 * Lua defining `local function sliding_window(key, limit, window, nonce, now, t)` returning
 * {allowed, remaining, resetMs}; other scripts (the session check of `@tracera/sessions`) embed it so the
 * general-API limit is counted by one piece of Lua wherever it runs. Arguments are numbers (limit, window).
 */
export const SLIDING_WINDOW_LUA_FUNCTION = `
local function sliding_window(key, limit, window, nonce, now, t)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  local allowed = 0
  if count < limit then
    redis.call('ZADD', key, now, t[1] .. '.' .. t[2] .. ':' .. nonce)
    redis.call('PEXPIRE', key, window)
    count = count + 1
    allowed = 1
  end
  local reset = 0
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if oldest[2] then reset = tonumber(oldest[2]) + window - now end
  return {allowed, limit - count, reset}
end
`;

const SLIDING_WINDOW = new LuaScript(
  'rate-limit-sliding-window',
  `${REDIS_NOW_MS_LUA}${SLIDING_WINDOW_LUA_FUNCTION}
return sliding_window(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], now, t)
`,
);

/** Windows aligned to the clock (minute boundaries for 60 s); the hash remembers which window it counts. */
const FIXED_WINDOW = new LuaScript(
  'rate-limit-fixed-window',
  `${REDIS_NOW_MS_LUA}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local current = math.floor(now / window)
local stored = redis.call('HMGET', KEYS[1], 'w', 'c')
local count = 0
if tonumber(stored[1]) == current then count = tonumber(stored[2]) end
local reset = (current + 1) * window - now
local allowed = 0
if count < limit then
  count = count + 1
  allowed = 1
  redis.call('HSET', KEYS[1], 'w', current, 'c', count)
  redis.call('PEXPIRE', KEYS[1], reset)
end
return {allowed, limit - count, reset}
`,
);

/**
 * Capacity `limit`, refilled continuously at `limit` tokens per window; a missing key is a full bucket,
 * so the key lives only until the bucket would be full again.
 */
const TOKEN_BUCKET = new LuaScript(
  'rate-limit-token-bucket',
  `${REDIS_NOW_MS_LUA}
local capacity = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local perMs = capacity / window
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if stored[1] then
  tokens = math.min(capacity, tonumber(stored[1]) + math.max(0, now - tonumber(stored[2])) * perMs)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', now)
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((capacity - tokens) / perMs)))
end
local reset = math.ceil((math.floor(tokens) + 1 - tokens) / perMs)
return {allowed, math.floor(tokens), reset}
`,
);

const SCRIPTS: Record<RateLimitAlgorithm, LuaScript> = {
  'sliding-window': SLIDING_WINDOW,
  'fixed-window': FIXED_WINDOW,
  'token-bucket': TOKEN_BUCKET,
};

/** Once blocked, further failures do not extend the block: its end stays predictable for the user. */
const LOGIN_FAILURE = new LuaScript(
  'rate-limit-login-failure',
  `
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
if failures < tonumber(ARGV[1]) then
  failures = redis.call('INCR', KEYS[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {failures, redis.call('PTTL', KEYS[1])}
`,
);

const LOGIN_STATUS = new LuaScript(
  'rate-limit-login-status',
  `
return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}
`,
);

/** The `[limit, windowMs, nonce]` arguments every request-counting script takes for `policy`. */
export function requestScriptArgs(policy: RequestPolicy): [number, number, string] {
  // The nonce keeps two requests admitted in the same microsecond apart in the sorted set.
  return [policy.limit, Math.round(policy.windowSeconds * 1000), randomBytes(6).toString('base64url')];
}

/** A script's {allowed, remaining, resetMs} reply as a CountResult. */
export function countResultFromReply(reply: unknown, limit: number): CountResult {
  const [allowed, remaining, resetMs] = reply as [number, number, number];
  return {
    allowed: allowed === 1,
    limit,
    remaining: Math.max(0, remaining),
    resetMs: Math.max(0, resetMs),
    ...(allowed === 1 ? {} : { retryAfterMs: Math.max(0, resetMs) }),
  };
}

function loginFailures(reply: unknown): LoginFailures {
  const [failures, ttlMs] = reply as [number, number];
  // PTTL answers -2 for a missing key (and -1 without TTL, which these scripts never leave).
  return { failures, expiresInMs: Math.max(0, ttlMs) };
}

/** Counts in Redis, one script call per decision, shared by every replica using the same server. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: RedisConnection) {}

  async consume(key: string, policy: RequestPolicy): Promise<CountResult> {
    const reply = await SCRIPTS[policy.algorithm].run(this.redis, [key], requestScriptArgs(policy));
    return countResultFromReply(reply, policy.limit);
  }

  async loginFailures(key: string): Promise<LoginFailures> {
    return loginFailures(await LOGIN_STATUS.run(this.redis, [key], []));
  }

  async addLoginFailure(key: string, policy: LoginPolicy): Promise<LoginFailures> {
    const windowMs = Math.round(policy.windowSeconds * 1000);
    return loginFailures(await LOGIN_FAILURE.run(this.redis, [key], [policy.maxFailures, windowMs]));
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
