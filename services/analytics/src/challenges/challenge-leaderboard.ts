import { Injectable } from '@nestjs/common';
import { LuaScript, RedisClients, RedisKeys } from '@tracera/redis';
import { type Standing } from './challenge.repository';

/** How long a leaderboard outlives its challenge in Redis; read again later, it is rebuilt from Postgres. */
const KEEP_AFTER_END_MS = 30 * 24 * 60 * 60 * 1000;
/** Larger than any epoch millisecond we store (year 2286), so `MAX - ms` stays 13 digits. */
const LATEST_MS = 9_999_999_999_999;
const HEX = '0123456789abcdef';

/**
 * Member encoding (ZREVRANGE sorts equal scores by member, descending): the sorted-set score is the
 * challenge score and the member is `<13-digit LATEST_MS - reached_at ms>:<user id with every hex digit d
 * replaced by 15-d>`, so among equal scores an earlier reached_at, then a smaller user id, sorts first;
 * never reached (score 0) is 0000000000000, i.e. last.
 */
export function memberOf(userId: string, reachedAt: Date | null): string {
  const inverted = reachedAt === null ? 0 : LATEST_MS - reachedAt.getTime();
  return `${String(inverted).padStart(13, '0')}:${complement(userId)}`;
}

export function userOf(member: string): string {
  return complement(member.slice(member.indexOf(':') + 1));
}

/** Maps each hex digit d to 15-d (dashes stay): reverses the lexicographic order of same-shaped ids. */
function complement(id: string): string {
  return id.toLowerCase().replace(/[0-9a-f]/g, (digit) => HEX[15 - HEX.indexOf(digit)]);
}

// KEYS: board, members (user → member), complete marker. ARGV: mode, expire-at ms, then (user, score,
// member) triples. `replace` starts afresh (rebuild), `fill` merges and marks the board complete (loaded from
// Postgres), `merge` only merges, `force` overwrites. Merging never lowers a score: an absolute value read
// from Postgres before a newer one was written must not overwrite it (scores only grow while a person stays a
// member); `force` writes what a reader just found in Postgres to mend an entry that went wrong.
const WRITE_STANDINGS = new LuaScript(
  'challenge-leaderboard-write',
  `
local mode = ARGV[1]
if mode == 'replace' then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
for i = 3, #ARGV, 3 do
  local user, score, member = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local old = redis.call('HGET', KEYS[2], user)
  local keep = false
  if old and mode ~= 'force' then
    local oldScore = redis.call('ZSCORE', KEYS[1], old)
    if oldScore and tonumber(oldScore) > score then keep = true end
  end
  if not keep then
    if old then redis.call('ZREM', KEYS[1], old) end
    redis.call('ZADD', KEYS[1], score, member)
    redis.call('HSET', KEYS[2], user, member)
  end
end
if mode == 'fill' or mode == 'replace' then redis.call('SET', KEYS[3], '1') end
for k = 1, 3 do redis.call('PEXPIREAT', KEYS[k], ARGV[2]) end
return 1
`,
);

// KEYS: board, members. ARGV: user ids that no longer take part.
const REMOVE_MEMBERS = new LuaScript(
  'challenge-leaderboard-remove',
  `
for i = 1, #ARGV do
  local old = redis.call('HGET', KEYS[2], ARGV[i])
  if old then redis.call('ZREM', KEYS[1], old) end
  redis.call('HDEL', KEYS[2], ARGV[i])
end
return 1
`,
);

export interface RankedEntry {
  rank: number;
  userId: string;
  score: number;
}

/**
 * One sorted set per challenge in core Redis (with a members hash and a "complete" marker sharing its hash
 * tag): what leaderboards are read from. Every write carries absolute values read from Postgres, so
 * repeating one is harmless; a board whose marker is missing is reloaded from Postgres by the reader.
 */
@Injectable()
export class ChallengeLeaderboard {
  constructor(
    private readonly clients: RedisClients,
    private readonly keys: RedisKeys,
  ) {}

  /** Merges standings (any challenges) into their boards. */
  async merge(standings: readonly Standing[]): Promise<void> {
    await Promise.all(
      [...groupByChallenge(standings)].map(([challengeId, group]) =>
        this.write('merge', challengeId, group[0].endsAt, group),
      ),
    );
  }

  /** Overwrites these members' entries of one board with their standings as Postgres has them now. */
  force(challengeId: string, endsAt: Date, standings: readonly Standing[]): Promise<void> {
    return this.write('force', challengeId, endsAt, standings);
  }

  /** Loads a board from Postgres standings (when its marker was missing) and marks it complete. */
  fill(challengeId: string, endsAt: Date, standings: readonly Standing[]): Promise<void> {
    return this.write('fill', challengeId, endsAt, standings);
  }

  /** Replaces a board by exactly these standings (after a rebuild). */
  replace(challengeId: string, endsAt: Date, standings: readonly Standing[]): Promise<void> {
    return this.write('replace', challengeId, endsAt, standings);
  }

  async remove(challengeId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const { board, members } = this.keysOf(challengeId);
    await REMOVE_MEMBERS.run(this.clients.core, [board, members], [...userIds]);
  }

  async isComplete(challengeId: string): Promise<boolean> {
    return (await this.clients.core.exists(this.keysOf(challengeId).complete)) === 1;
  }

  /** The caller's 1-based rank and score, or null when they are not on the board. */
  async standingOf(challengeId: string, userId: string): Promise<{ rank: number; score: number } | null> {
    const { board, members } = this.keysOf(challengeId);
    const member = await this.clients.core.hget(members, userId);
    if (member === null) return null;
    const [rank, score] = await Promise.all([
      this.clients.core.zrevrank(board, member),
      this.clients.core.zscore(board, member),
    ]);
    return rank === null || score === null ? null : { rank: rank + 1, score: Number(score) };
  }

  async size(challengeId: string): Promise<number> {
    return this.clients.core.zcard(this.keysOf(challengeId).board);
  }

  /** Entries at 0-based positions `start`..`start + count - 1`, best first. */
  async range(challengeId: string, start: number, count: number): Promise<RankedEntry[]> {
    const flat = await this.clients.core.zrevrange(
      this.keysOf(challengeId).board,
      start,
      start + count - 1,
      'WITHSCORES',
    );
    const entries: RankedEntry[] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      entries.push({
        rank: start + index / 2 + 1,
        userId: userOf(flat[index]),
        score: Number(flat[index + 1]),
      });
    }
    return entries;
  }

  private async write(
    mode: 'merge' | 'fill' | 'replace' | 'force',
    challengeId: string,
    endsAt: Date,
    standings: readonly Standing[],
  ): Promise<void> {
    const { board, members, complete } = this.keysOf(challengeId);
    const expireAt = Math.max(endsAt.getTime(), Date.now()) + KEEP_AFTER_END_MS;
    const triples = standings.flatMap((standing) => [
      standing.userId,
      standing.score,
      memberOf(standing.userId, standing.reachedAt),
    ]);
    await WRITE_STANDINGS.run(this.clients.core, [board, members, complete], [mode, expireAt, ...triples]);
  }

  private keysOf(challengeId: string): { board: string; members: string; complete: string } {
    return {
      board: this.keys.tagged('challenge', challengeId, 'leaderboard'),
      members: this.keys.tagged('challenge', challengeId, 'leaderboard', 'members'),
      complete: this.keys.tagged('challenge', challengeId, 'leaderboard', 'complete'),
    };
  }
}

function groupByChallenge(standings: readonly Standing[]): Map<string, Standing[]> {
  const groups = new Map<string, Standing[]>();
  for (const standing of standings) {
    const group = groups.get(standing.challengeId);
    if (group) group.push(standing);
    else groups.set(standing.challengeId, [standing]);
  }
  return groups;
}
