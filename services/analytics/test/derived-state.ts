import { analyticsRpc, DASHBOARD_RANGE_DAYS, type DashboardRange } from '@tracera/contracts';
import { scanKeys } from '@tracera/testing';
import { type AnalyticsTestBed, type BedUser } from './analytics-test-bed';

/**
 * Key families under the bed's prefix that are not analytics' derived state: the result cache (`{c:…}`),
 * streams and their leases (`{ev:…}`, `{rpc:…}`, `{inbox:…}`).
 */
const NOT_DERIVED = /^\{(c|ev|rpc|inbox):/;

/** Each derived table in a stable order, without bookkeeping timestamps. */
const DERIVED_TABLES: Record<string, string> = {
  activity: `SELECT event_id, user_id, type, occurred_at, local_day::text, subject_id, tags, domain
               FROM analytics.activity ORDER BY event_id`,
  activity_hourly: 'SELECT user_id, type, hour, count::int FROM analytics.activity_hourly ORDER BY 1, 3, 2',
  active_days: 'SELECT user_id, day::text, count FROM analytics.active_days ORDER BY 1, 2',
  streaks: 'SELECT user_id, run_start::text, last_day::text, longest FROM analytics.streaks ORDER BY 1',
  challenge_members: `SELECT challenge_id, user_id, score, reached_at, completed_at
                        FROM analytics.challenge_members ORDER BY 1, 2`,
  challenge_progress:
    'SELECT challenge_id, user_id, subject_id, occurred_at FROM analytics.challenge_progress ORDER BY 1, 2, 3',
};

/**
 * Bookkeeping that says when or how completely a key was written, not what it holds: a streak hash's write
 * `version` (newest write wins) and a leaderboard's "fully loaded" marker.
 */
const BOOKKEEPING_FIELDS = new Set(['version']);
const BOOKKEEPING_KEYS = /:leaderboard:complete$/;

export type DerivedTables = Record<string, unknown[]>;

export async function derivedTables(bed: AnalyticsTestBed): Promise<DerivedTables> {
  const tables: DerivedTables = {};
  for (const [name, sql] of Object.entries(DERIVED_TABLES)) tables[name] = await bed.query(sql);
  return tables;
}

/** The derived Redis keys (streak hashes, leaderboards, trending buckets…), names without the bed's prefix. */
export async function derivedKeys(bed: AnalyticsTestBed): Promise<string[]> {
  const keys = await scanKeys(bed.redis, `${bed.prefix}*`);
  const derived: string[] = [];
  for (const key of keys) {
    const name = key.slice(bed.prefix.length);
    if (NOT_DERIVED.test(name)) continue;
    if ((await bed.redis.type(key)) === 'stream') continue;
    derived.push(name);
  }
  return derived.sort();
}

/** Every derived key's content, in a form that compares equal whatever order Redis returns it in. */
export async function derivedRedis(bed: AnalyticsTestBed): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const name of await derivedKeys(bed)) {
    if (BOOKKEEPING_KEYS.test(name)) continue;
    const key = bed.prefix + name;
    const type = await bed.redis.type(key);
    if (type === 'hash') state[name] = sortedEntries(await bed.redis.hgetall(key));
    else if (type === 'zset') state[name] = await bed.redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'set') state[name] = (await bed.redis.smembers(key)).sort();
    else if (type === 'string') state[name] = await bed.redis.get(key);
    else if (type === 'list') state[name] = await bed.redis.lrange(key, 0, -1);
    else state[name] = type;
  }
  return state;
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record)
    .filter(([field]) => !BOOKKEEPING_FIELDS.has(field))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Deletes every derived Redis key, as a lost or flushed Redis would. */
export async function deleteDerivedKeys(bed: AnalyticsTestBed): Promise<number> {
  const names = await derivedKeys(bed);
  for (const name of names) await bed.redis.del(bed.prefix + name);
  return names.length;
}

/**
 * Every answer analytics gives about the people and challenges, as the gateway would ask: dashboards for
 * each range (without `generatedAt`), streak, heatmap, each challenge and its leaderboard from each
 * person's view, and trending for both windows.
 */
export async function everyAnswer(
  bed: AnalyticsTestBed,
  people: BedUser[],
  challengeIds: string[],
): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const person of people) {
    for (const range of Object.keys(DASHBOARD_RANGE_DAYS) as DashboardRange[]) {
      const { generatedAt: _generatedAt, ...dashboard } = await bed.call(analyticsRpc.dashboard, {
        userId: person.id,
        range,
      });
      answers[`dashboard ${person.username} ${range}`] = dashboard;
    }
    answers[`streak ${person.username}`] = await bed.call(analyticsRpc.streak, { userId: person.id });
    answers[`heatmap ${person.username}`] = await bed.call(analyticsRpc.heatmap, { userId: person.id });
    for (const challengeId of challengeIds) {
      answers[`challenge ${challengeId} for ${person.username}`] = await bed
        .call(analyticsRpc.getChallenge, { userId: person.id, challengeId })
        .catch((error: Error) => error.message);
      answers[`leaderboard ${challengeId} for ${person.username}`] = await bed
        .call(analyticsRpc.leaderboard, { userId: person.id, challengeId, limit: 200 })
        .catch((error: Error) => error.message);
      answers[`leaderboard ${challengeId} around ${person.username}`] = await bed
        .call(analyticsRpc.leaderboard, { userId: person.id, challengeId, around: 'me', limit: 2 })
        .catch((error: Error) => error.message);
    }
  }
  for (const window of ['24h', '7d'] as const) {
    answers[`trending ${window}`] = await bed.call(analyticsRpc.trending, {
      userId: people[0].id,
      window,
      limit: 50,
    });
  }
  return answers;
}

/** Tables, Redis and answers together: what "identical" means for a rebuild. */
export async function everything(
  bed: AnalyticsTestBed,
  people: BedUser[],
  challengeIds: string[],
): Promise<{ tables: DerivedTables; redis: Record<string, unknown>; answers: Record<string, unknown> }> {
  // Redis first: answering may refill keys (a leaderboard rebuilt from Postgres) and so hide a missing one.
  const redis = await derivedRedis(bed);
  const tables = await derivedTables(bed);
  const answers = await everyAnswer(bed, people, challengeIds);
  return { tables, redis, answers };
}
