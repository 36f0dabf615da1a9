import { v7 as uuidv7 } from 'uuid';
import { type RedisTopology } from '@tracera/config';
import { type Role } from '@tracera/contracts';
import {
  type CountResult,
  countResultFromReply,
  RateLimitKeys,
  REDIS_NOW_MS_LUA,
  RedisRateLimitStore,
  requestScriptArgs,
  type RequestPolicy,
  SLIDING_WINDOW_LUA_FUNCTION,
} from '@tracera/rate-limit';
import { LuaScript, type RedisConnection, RedisKeys } from '@tracera/redis';
import { type NewSession, type SessionPolicy, type SessionRecord } from './session-record';
import { type SessionStore } from './session-store';
import { hashSecret, newSessionToken, SESSION_TOKEN_PATTERN } from './session-token';

export interface RedisSessionStoreOptions {
  /** REDIS_KEY_PREFIX (`tr:` by default). */
  keyPrefix: string;
  policy: SessionPolicy;
  /** Cluster forbids the undeclared rate-limit key of the combined check, so it takes two calls there. */
  topology: RedisTopology;
}

/** The session and, when it is live, the general-API count made in the same call. */
export interface SessionCheck {
  session: SessionRecord | null;
  limit?: CountResult;
}

/** The request class whose window the session check counts (ARCHITECTURE §4: "the rate-limit decision"). */
export const SESSION_CHECK_REQUEST_CLASS = 'api';

// Outlives every member's session: members are added just before their session gets its absolute cap.
const USER_SET_TTL_MARGIN_MS = 60_000;

/**
 * `local function touch_session(key, idle, now)`: the session's fields as HGETALL answers them, with
 * lastActiveAt moved to now and the TTL slid to min(idle, absolute remaining); nil (and the key deleted)
 * when it is missing or past its absolute cap.
 */
const TOUCH_SESSION_LUA = `
local function touch_session(key, idle, now)
  local fields = redis.call('HGETALL', key)
  if #fields == 0 then return nil end
  local absolute
  for i = 1, #fields, 2 do
    if fields[i] == 'absoluteExpiresAt' then absolute = tonumber(fields[i + 1]) end
  end
  if not absolute or now >= absolute then
    redis.call('DEL', key)
    return nil
  end
  redis.call('HSET', key, 'lastActiveAt', now)
  redis.call('PEXPIRE', key, math.min(idle, absolute - now))
  for i = 1, #fields, 2 do
    if fields[i] == 'lastActiveAt' then fields[i + 1] = tostring(now) end
  end
  return fields
end
`;

const AUTHENTICATE = new LuaScript(
  'session-authenticate',
  `${REDIS_NOW_MS_LUA}${TOUCH_SESSION_LUA}
local fields = touch_session(KEYS[1], tonumber(ARGV[1]), now)
if not fields then return false end
return fields
`,
);

/**
 * The gateway's hot path in one round trip: the session check above, then the user's general-API sliding
 * window. The window key (`<prefix>{rl:<class>:u:<userId>}`, as RateLimitKeys names it) is built here because
 * the user is only known after the lookup. A user id RateLimitKeys would hash instead of writing verbatim
 * gets {fields, 0}, and the caller counts it with a declared key.
 */
const AUTHENTICATE_AND_LIMIT = new LuaScript(
  'session-authenticate-and-limit',
  `${REDIS_NOW_MS_LUA}${TOUCH_SESSION_LUA}${SLIDING_WINDOW_LUA_FUNCTION}
local fields = touch_session(KEYS[1], tonumber(ARGV[1]), now)
if not fields then return false end
local user
for i = 1, #fields, 2 do
  if fields[i] == 'userId' then user = fields[i + 1] end
end
if not user or #user > 128 or not string.match(user, '^[%w._:@%-]+$') then return {fields, 0} end
local key = ARGV[2] .. '{rl:' .. ARGV[3] .. ':u:' .. user .. '}'
return {fields, sliding_window(key, tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], now, t)}
`,
);

/** Writes a new session's hash with Redis' clock, so every replica measures idle and cap against one clock. */
const CREATE = new LuaScript(
  'session-create',
  `${REDIS_NOW_MS_LUA}
local idle = tonumber(ARGV[1])
local maxAge = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'createdAt', now, 'lastActiveAt', now, 'absoluteExpiresAt', now + maxAge,
  unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], math.min(idle, maxAge))
return now
`,
);

/** SADD that only ever lengthens the set's TTL (PEXPIRE GT would skip a set that has none yet). */
const ADD_TO_USER_SET = new LuaScript(
  'session-user-set-add',
  `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`,
);

/** Changes the role of a live session of the user; never recreates an expired hash. */
const SET_ROLE = new LuaScript(
  'session-set-role',
  `
if redis.call('HGET', KEYS[1], 'userId') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'role', ARGV[2])
return 1
`,
);

function fieldMap(flat: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
  return fields;
}

function toRecord(fields: Map<string, string>): SessionRecord | null {
  const id = fields.get('id');
  const userId = fields.get('userId');
  if (!id || !userId) return null;
  return {
    id,
    userId,
    role: fields.get('role') as Role,
    createdAt: Number(fields.get('createdAt')),
    lastActiveAt: Number(fields.get('lastActiveAt')),
    absoluteExpiresAt: Number(fields.get('absoluteExpiresAt')),
    ip: fields.get('ip') ?? null,
    userAgent: fields.get('userAgent') ?? null,
  };
}

/**
 * Sessions in Redis (ARCHITECTURE §4): `<prefix>s:<hash>` is a HASH of the record under the SHA-256 of the
 * token (the token itself is never stored), expiring after min(idle, absolute remaining) and slid on every
 * authentication; `<prefix>{u:<userId>}:sessions` is the SET of the user's token hashes, pruned when listed.
 *
 * The session key and the user's set live in different Cluster slots, so changes to both are ordered
 * single-key steps, not MULTI: each order leaves only a harmless remainder if the second step fails (a set
 * member without a session, pruned later), never a live session the user's set has lost.
 */
export class RedisSessionStore implements SessionStore {
  private readonly keys: RedisKeys;
  private readonly rateLimitKeys: RateLimitKeys;
  private readonly rateLimits: RedisRateLimitStore;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisSessionStoreOptions,
  ) {
    this.keys = new RedisKeys(options.keyPrefix);
    this.rateLimitKeys = new RateLimitKeys(options.keyPrefix);
    this.rateLimits = new RedisRateLimitStore(redis);
  }

  get policy(): SessionPolicy {
    return this.options.policy;
  }

  /** `<prefix>s:<hash>`. */
  sessionKey(tokenHash: string): string {
    return this.keys.key('s', tokenHash);
  }

  /** `<prefix>{u:<userId>}:sessions`. */
  userSessionsKey(userId: string): string {
    return this.keys.tagged('u', userId, 'sessions');
  }

  async create(session: NewSession): Promise<{ record: SessionRecord; token: string }> {
    const { idleMs, maxAgeMs } = this.options.policy;
    const token = newSessionToken();
    const id = uuidv7();
    const setKey = this.userSessionsKey(session.userId);
    const described: string[] = ['id', id, 'userId', session.userId, 'role', session.role];
    if (session.ip !== null) described.push('ip', session.ip);
    if (session.userAgent !== null) described.push('userAgent', session.userAgent);
    // Set first: a failure after it leaves a member without a session, never a session missing from the set.
    await this.addToUserSet(setKey, token.hash);
    const now = Number(
      await CREATE.run(this.redis, [this.sessionKey(token.hash)], [idleMs, maxAgeMs, ...described]),
    );
    // Again after the hash exists: undoes a prune by a concurrent list() that saw the member before the hash.
    await this.addToUserSet(setKey, token.hash);
    const record: SessionRecord = {
      id,
      userId: session.userId,
      role: session.role,
      createdAt: now,
      lastActiveAt: now,
      absoluteExpiresAt: now + maxAgeMs,
      ip: session.ip,
      userAgent: session.userAgent,
    };
    return { record, token: token.secret };
  }

  async authenticate(token: string): Promise<SessionRecord | null> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return null;
    const reply = await AUTHENTICATE.run(
      this.redis,
      [this.sessionKey(hashSecret(token))],
      [this.options.policy.idleMs],
    );
    return reply ? toRecord(fieldMap(reply as string[])) : null;
  }

  /**
   * Authenticates and touches the session, and when it is live counts one request of the user against the
   * general-API sliding window (`policy`, normally `RateLimiter.policies.requests.api`), in one script call.
   * Turn `limit` into a decision with `RateLimiter.record('api', limit)`. An unknown token counts nothing.
   */
  async authenticateAndLimit(token: string, policy: RequestPolicy): Promise<SessionCheck> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return { session: null };
    // Cluster rejects keys a script does not declare, and the window's key is only known after the lookup.
    if (this.options.topology === 'cluster' || policy.algorithm !== 'sliding-window') {
      return this.authenticateThenLimit(token, policy);
    }
    const reply = (await AUTHENTICATE_AND_LIMIT.run(
      this.redis,
      [this.sessionKey(hashSecret(token))],
      [
        this.options.policy.idleMs,
        this.options.keyPrefix,
        SESSION_CHECK_REQUEST_CLASS,
        ...requestScriptArgs(policy),
      ],
    )) as [string[], unknown] | null;
    if (!reply) return { session: null };
    const session = toRecord(fieldMap(reply[0]));
    if (!session) return { session: null };
    if (reply[1] === 0) return { session, limit: await this.countRequest(session.userId, policy) };
    return { session, limit: countResultFromReply(reply[1], policy.limit) };
  }

  async list(userId: string): Promise<SessionRecord[]> {
    const setKey = this.userSessionsKey(userId);
    const members = await this.redis.smembers(setKey);
    const found = await Promise.all(members.map((hash) => this.redis.hgetall(this.sessionKey(hash))));
    const sessions: SessionRecord[] = [];
    const dead: string[] = [];
    found.forEach((fields, i) => {
      const record = toRecord(new Map(Object.entries(fields)));
      if (record && record.userId === userId) sessions.push(record);
      else dead.push(members[i]);
    });
    if (dead.length > 0) await this.prune(setKey, dead);
    return sessions.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
  }

  async revoke(userId: string, sessionId: string): Promise<boolean> {
    const [owned] = await this.findOwnedSessions(userId, (id) => id === sessionId);
    if (!owned) return false;
    const { hash } = owned;
    // Session first: once it is gone the token is refused everywhere; a failed SREM leaves a dead member.
    const deleted = await this.redis.del(this.sessionKey(hash));
    await this.redis.srem(this.userSessionsKey(userId), hash);
    return deleted === 1;
  }

  async revokeAll(userId: string, exceptSessionId?: string): Promise<string[]> {
    const owned = await this.findOwnedSessions(userId, (id) => id !== exceptSessionId);
    if (owned.length === 0) return [];
    const deleted = await Promise.all(owned.map(({ hash }) => this.redis.del(this.sessionKey(hash))));
    await this.redis.srem(this.userSessionsKey(userId), ...owned.map(({ hash }) => hash));
    return owned.filter((_, i) => deleted[i] === 1).map(({ id }) => id);
  }

  async setRole(userId: string, role: Role): Promise<void> {
    const members = await this.redis.smembers(this.userSessionsKey(userId));
    await Promise.all(
      members.map((hash) => SET_ROLE.run(this.redis, [this.sessionKey(hash)], [userId, role])),
    );
  }

  private async authenticateThenLimit(token: string, policy: RequestPolicy): Promise<SessionCheck> {
    const session = await this.authenticate(token);
    if (!session) return { session: null };
    return { session, limit: await this.countRequest(session.userId, policy) };
  }

  private countRequest(userId: string, policy: RequestPolicy): Promise<CountResult> {
    return this.rateLimits.consume(
      this.rateLimitKeys.request(SESSION_CHECK_REQUEST_CLASS, { userId }),
      policy,
    );
  }

  private async addToUserSet(setKey: string, hash: string): Promise<void> {
    await ADD_TO_USER_SET.run(
      this.redis,
      [setKey],
      [hash, this.options.policy.maxAgeMs + USER_SET_TTL_MARGIN_MS],
    );
  }

  /**
   * Removes members without a session, then puts back any whose session appeared meanwhile (a sign-in
   * between our read and the SREM), so a prune never hides a live session from revokeAll.
   */
  private async prune(setKey: string, dead: string[]): Promise<void> {
    await this.redis.srem(setKey, ...dead);
    const exists = await Promise.all(dead.map((hash) => this.redis.exists(this.sessionKey(hash))));
    const revived = dead.filter((_, i) => exists[i] === 1);
    for (const hash of revived) await this.addToUserSet(setKey, hash);
  }

  /** The user's sessions (token hash and id) whose id passes `wanted`; only this user's set is searched. */
  private async findOwnedSessions(
    userId: string,
    wanted: (id: string) => boolean,
  ): Promise<{ hash: string; id: string }[]> {
    const members = await this.redis.smembers(this.userSessionsKey(userId));
    const owners = await Promise.all(
      members.map((hash) => this.redis.hmget(this.sessionKey(hash), 'id', 'userId')),
    );
    return members.flatMap((hash, i) => {
      const [id, owner] = owners[i];
      return id && owner === userId && wanted(id) ? [{ hash, id }] : [];
    });
  }
}
