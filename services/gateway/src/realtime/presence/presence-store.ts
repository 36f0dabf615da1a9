import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { type PresenceStatus } from '@tracera/contracts';
import { LuaScript, RedisClients, RedisKeys } from '@tracera/redis';

/** What a socket reports: `online`, or `away` when the client is idle or hidden. */
export type SocketPresenceMode = Exclude<PresenceStatus, 'offline'>;

/** A user's status after an update, and whether it differs from the last one announced. */
export interface PresenceChange {
  status: PresenceStatus;
  changed: boolean;
}

// KEYS: the user's sockets (zset socketId → expiry ms), their modes (hash socketId → online|away) and the
// last announced status; all share the user's hash tag. ARGV: op (beat|leave|sweep|peek), socketId, mode,
// ttlMs. Expiry uses the server's clock, so nodes with skewed clocks agree. Returns {status, previous,
// earliest expiry or ''}. Only beat/leave/sweep write; the status is stored only when it changes, and the
// keys live a TTL past the last heartbeat, so a deployment that stopped entirely leaves nothing behind.
const PRESENCE_SCRIPT = new LuaScript(
  'presence',
  `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local op, socket, mode, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if op ~= 'peek' then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
  if #expired > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
    redis.call('HDEL', KEYS[2], unpack(expired))
  end
  if op == 'beat' then
    redis.call('ZADD', KEYS[1], now + ttl, socket)
    redis.call('HSET', KEYS[2], socket, mode)
  elseif op == 'leave' then
    redis.call('ZREM', KEYS[1], socket)
    redis.call('HDEL', KEYS[2], socket)
  end
end
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES')
local status = 'offline'
if #live > 0 then
  status = 'away'
  for i = 1, #live, 2 do
    if redis.call('HGET', KEYS[2], live[i]) == 'online' then
      status = 'online'
      break
    end
  end
end
local previous = redis.call('GET', KEYS[3]) or 'offline'
if op == 'peek' then return {status, previous, ''} end
if status == 'offline' then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return {status, previous, ''}
end
if status ~= previous then redis.call('SET', KEYS[3], status) end
local keepUntil = tonumber(live[#live]) + ttl
for i = 1, 3 do redis.call('PEXPIREAT', KEYS[i], keepUntil) end
return {status, previous, live[2]}
`,
);

// KEYS: the due index. ARGV: userId, the score the sweeper read. Removes the entry only if no heartbeat
// moved it since (a heartbeat always writes a new score).
const FORGET_SCRIPT = new LuaScript(
  'presence-forget',
  `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`,
);

/**
 * Presence in core Redis (ARCHITECTURE §3 keys; per-user keys share the hash tag `{presence:<userId>}`, so
 * each update is one script on one Cluster slot). Each socket has its own heartbeat, expiring PRESENCE_TTL
 * after its last ping; a user is online while one live socket is online, away while all live ones are away,
 * offline with none. A node that dies stops beating for its sockets, so they expire on their own.
 *
 * To notice expiries without scanning keys, `presence:due` (one zset, used alone in every command) holds
 * each user with a socket and the time their earliest heartbeat runs out; every node's sweeper reads the
 * due users and re-evaluates them. The stored last status makes exactly one evaluation see each change.
 */
@Injectable()
export class PresenceStore {
  readonly ttlMs: number;
  private readonly dueKey: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clients: RedisClients,
    private readonly keys: RedisKeys,
  ) {
    this.ttlMs = config.realtime.presenceTtlMs;
    this.dueKey = keys.key('presence', 'due');
  }

  /** The socket is alive (and online or away) for another PRESENCE_TTL. */
  beat(userId: string, socketId: string, mode: SocketPresenceMode): Promise<PresenceChange> {
    return this.update('beat', userId, socketId, mode);
  }

  /** The socket disconnected: it stops counting at once. */
  leave(userId: string, socketId: string): Promise<PresenceChange> {
    return this.update('leave', userId, socketId);
  }

  /** Drops the user's expired heartbeats and reports whether that changed their status. */
  sweep(userId: string): Promise<PresenceChange> {
    return this.update('sweep', userId);
  }

  /** Current statuses, from live heartbeats (not waiting for a sweep). */
  async statuses(userIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    const answers = await Promise.all(userIds.map((userId) => this.run('peek', userId, '', '')));
    return new Map(userIds.map((userId, i) => [userId, answers[i].status]));
  }

  /** Users whose earliest heartbeat ran out by now (this node's clock: skew only shifts a sweep), with the score read. */
  async due(limit: number): Promise<{ userId: string; score: string }[]> {
    const flat = await this.clients.core.zrangebyscore(
      this.dueKey,
      '-inf',
      Date.now(),
      'WITHSCORES',
      'LIMIT',
      0,
      limit,
    );
    const due: { userId: string; score: string }[] = [];
    for (let i = 0; i < flat.length; i += 2) due.push({ userId: flat[i], score: flat[i + 1] });
    return due;
  }

  /** Takes a user with no heartbeat left off the due index, unless a heartbeat came in meanwhile. */
  async forget(userId: string, score: string): Promise<void> {
    await FORGET_SCRIPT.run(this.clients.core, [this.dueKey], [userId, score]);
  }

  private async update(
    op: 'beat' | 'leave' | 'sweep',
    userId: string,
    socketId = '',
    mode = '',
  ): Promise<PresenceChange> {
    const { status, previous, earliestExpiry } = await this.run(op, userId, socketId, mode);
    // A user with live sockets is (re)indexed at their earliest expiry. A stale write can only be earlier
    // than the truth (expiries only grow), which costs one early sweep, never a missed one.
    if (earliestExpiry !== '') await this.clients.core.zadd(this.dueKey, earliestExpiry, userId);
    return { status, changed: status !== previous };
  }

  private async run(op: string, userId: string, socketId: string, mode: string) {
    const keys = ['sockets', 'modes', 'status'].map((attribute) =>
      this.keys.tagged('presence', userId, attribute),
    );
    const [status, previous, earliestExpiry] = (await PRESENCE_SCRIPT.run(this.clients.core, keys, [
      op,
      socketId,
      mode,
      this.ttlMs,
    ])) as [PresenceStatus, PresenceStatus, string];
    return { status, previous, earliestExpiry };
  }
}
