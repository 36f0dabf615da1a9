import { createServiceApp } from '@tracera/platform';
import { testServiceConfig } from '@tracera/testing';
import { analyticsService } from '../src/analytics.service-definition';
import { AnalyticsTestBed, type BedUser } from './analytics-test-bed';
import { deleteDerivedKeys, derivedKeys, everything } from './derived-state';
import { challengeWithMembers, publishHistory } from './scripted-history';
import { RebuildAnalyticsUseCase } from '../src/rebuild/rebuild-analytics.use-case';

jest.setTimeout(120_000);

describe('analytics rebuild', () => {
  let bed: AnalyticsTestBed;
  let people: BedUser[];
  let challengeIds: string[];
  let expectedActivity: number;
  const now = new Date();

  const rebuild = () => bed.analytics!.get(RebuildAnalyticsUseCase).execute();
  const state = () => everything(bed, people, challengeIds);

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('rebuild');
    people = [];
    for (const timeZone of ['UTC', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata']) {
      people.push(await bed.addUser({ timeZone }));
    }
    const [owner, second, third, fourth] = people;
    // Live progress: the challenge exists before the activity arrives.
    const tasks = await challengeWithMembers(bed, owner, [second, third], {
      now,
      metric: 'tasks_completed',
      target: 4,
      startedHoursAgo: 5 * 24,
    });
    const history = await publishHistory(bed, people, { days: 10, now });
    await bed.settle({ timeoutMs: 60_000 });
    expectedActivity = history.activityEvents;
    // Backfilled progress: joined after the activity, one of them invite-only.
    const bookmarks = await challengeWithMembers(bed, second, [owner, fourth], {
      now,
      metric: 'bookmarks_saved',
      target: 3,
      startedHoursAgo: 3 * 24,
      visibility: 'invite',
    });
    const notes = await challengeWithMembers(bed, third, [owner, second, fourth], {
      now,
      metric: 'notes_created',
      target: 2,
      startedHoursAgo: 8 * 24,
    });
    challengeIds = [tasks, bookmarks, notes];
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('has scripted a history that fills every derived table and Redis', async () => {
    expect(await bed.count('activity')).toBe(expectedActivity);
    for (const table of [
      'activity_hourly',
      'active_days',
      'streaks',
      'challenge_members',
      'challenge_progress',
    ]) {
      expect(await bed.count(table)).toBeGreaterThan(0);
    }
    expect(await bed.count('challenge_members', 'WHERE completed_at IS NOT NULL')).toBeGreaterThan(0);
    expect((await derivedKeys(bed)).length).toBeGreaterThan(0);
  });

  it('changes nothing when run on intact state', async () => {
    const live = await state();
    const report = await rebuild();
    expect(report).toMatchObject({
      activity: expectedActivity,
      hourlyRollups: live.tables.activity_hourly.length,
      activeDays: live.tables.active_days.length,
      streaks: live.tables.streaks.length,
      challengeMembers: live.tables.challenge_members.length,
      challengeProgress: live.tables.challenge_progress.length,
    });
    expect(report.people).toBeGreaterThanOrEqual(people.length);
    expect(await state()).toEqual(live);
  });

  it('restores every table, Redis key and answer after the derived state is wiped', async () => {
    const live = await state();
    await bed.query(
      'TRUNCATE analytics.activity_hourly, analytics.active_days, analytics.streaks, analytics.challenge_progress',
    );
    await bed.query('UPDATE analytics.challenge_members SET score = 0, reached_at = NULL');
    expect(await deleteDerivedKeys(bed)).toBeGreaterThan(0);

    await rebuild();

    expect(await state()).toEqual(live);
  });

  it('restores every table, Redis key and answer after the derived state is corrupted', async () => {
    const live = await state();
    const [first, second] = people;
    await bed.query('UPDATE analytics.active_days SET count = count + 5 WHERE user_id = $1', [first.id]);
    // A day without activity, well inside retention (rollups older than the retention horizon are kept as they are).
    await bed.query(
      `INSERT INTO analytics.active_days (user_id, day, count) VALUES ($1, current_date - 100, 3)`,
      [second.id],
    );
    await bed.query('DELETE FROM analytics.activity_hourly WHERE user_id = $1', [second.id]);
    await bed.query('UPDATE analytics.streaks SET longest = longest + 40, last_day = NULL');
    await bed.query('UPDATE analytics.challenge_members SET score = score + 3');
    await bed.query('DELETE FROM analytics.challenge_progress WHERE user_id = $1', [first.id]);
    for (const name of await derivedKeys(bed)) {
      const key = bed.prefix + name;
      const type = await bed.redis.type(key);
      if (type === 'zset') {
        for (const member of await bed.redis.zrange(key, 0, -1)) await bed.redis.zincrby(key, 7, member);
        await bed.redis.zadd(key, 1, 'not-a-member');
      } else if (type === 'hash') {
        for (const field of Object.keys(await bed.redis.hgetall(key))) await bed.redis.hset(key, field, '1');
      }
    }

    await rebuild();

    expect(await state()).toEqual(live);
  });

  it('ends where live ingest would have: new activity after a rebuild matches a rebuild of it', async () => {
    await bed.query('TRUNCATE analytics.active_days, analytics.streaks');
    await rebuild();
    const more = await publishHistory(bed, people, { days: 2, now: new Date(), seed: 11 });
    await bed.settle({ timeoutMs: 60_000 });
    expect(await bed.count('activity')).toBe(expectedActivity + more.activityEvents);
    expectedActivity += more.activityEvents;
    const live = await state();

    await rebuild();

    expect(await state()).toEqual(live);
  });

  it('loses nothing that arrives while it runs: ingest waits for the rebuild and continues after it', async () => {
    const arriving = publishHistory(bed, people, { days: 1, now: new Date(), seed: 23 });
    await deleteDerivedKeys(bed);
    await rebuild();
    const more = await arriving;
    await bed.settle({ timeoutMs: 60_000 });
    expect(await bed.count('activity')).toBe(expectedActivity + more.activityEvents);
    expectedActivity += more.activityEvents;
    const live = await state();

    await rebuild();

    expect(await state()).toEqual(live);
  });

  it('works as the command runs it: a separate app without consumers, next to the running service', async () => {
    const live = await state();
    await bed.query('TRUNCATE analytics.active_days, analytics.streaks, analytics.challenge_progress');
    await deleteDerivedKeys(bed);
    // What `npm run analytics:rebuild` does: the service's app, initialized but not listening or consuming.
    const command = await createServiceApp(
      analyticsService,
      testServiceConfig(
        { service: 'analytics', defaultPort: 0 },
        { DATABASE_URL: bed.databaseUrl, REDIS_KEY_PREFIX: bed.prefix },
      ),
    );
    try {
      await command.init();
      const report = await command.get(RebuildAnalyticsUseCase).execute();
      expect(report.activity).toBe(expectedActivity);
    } finally {
      await command.close();
    }

    expect(await state()).toEqual(live);
  });
});
