import { analyticsRpc, authEvent, contentEvent, type Envelope, messagingEvent } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { addDays, daysFromTo, localDateOf, startOfLocalDay } from '../src/insights/local-calendar';
import { StreakKeeper } from '../src/insights/streak-keeper';
import { AnalyticsTestBed, type BedUser, newId } from './analytics-test-bed';
import { bookmarkSnapshot, noteSnapshot, publishChat } from './scripted-history';

const MINUTE = 60_000;

function note(bed: AnalyticsTestBed, userId: string, at: Date): Promise<Envelope> {
  return bed.publish(contentEvent.noteCreated, { userId, note: noteSnapshot(newId(), [], at) }, { at });
}

/** Activity that never keeps a streak alive: signing in and importing bookmarks. */
async function idle(bed: AnalyticsTestBed, userId: string, at: Date): Promise<void> {
  await bed.publish(
    authEvent.sessionCreated,
    { userId, sessionId: newId(), ip: null, userAgent: null },
    { at },
  );
  await bed.publish(
    contentEvent.bookmarkCreated,
    { userId, bookmark: bookmarkSnapshot(newId(), 'example.com', [], at), source: 'import' },
    { at },
  );
}

/** The instant `minutes` of elapsed time after the start of local day `date` (negative: before it). */
function after(date: string, timeZone: string, minutes: number): Date {
  return new Date(startOfLocalDay(date, timeZone).getTime() + minutes * MINUTE);
}

async function streakRow(bed: AnalyticsTestBed, userId: string) {
  return (
    await bed.query(
      `SELECT run_start::text, last_day::text, longest FROM analytics.streaks WHERE user_id = $1`,
      [userId],
    )
  )[0];
}

describe('analytics streaks and heatmap', () => {
  let bed: AnalyticsTestBed;
  const hashKey = (userId: string) => `${bed.prefix}{u:${userId}}:streak`;

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('analytics-insights-streaks');
  });

  afterAll(async () => {
    await bed.close();
  });

  describe('a New York history across the 2026 US daylight-saving change', () => {
    const NEW_YORK = 'America/New_York';
    let user: BedUser;

    beforeAll(async () => {
      user = await bed.addUser({ timeZone: NEW_YORK });
      // 1–2 March; 6–9 March with its events just around the midnights of the change (2026-03-08, clocks
      // jump 02:00 → 03:00); 10 March only signs in and imports; 11–12 March. Ingest assigns the local days.
      await note(bed, user.id, after('2026-03-01', NEW_YORK, 12 * 60));
      await note(bed, user.id, after('2026-03-02', NEW_YORK, 12 * 60));
      await note(bed, user.id, after('2026-03-07', NEW_YORK, -1));
      await note(bed, user.id, after('2026-03-08', NEW_YORK, -1));
      await note(bed, user.id, after('2026-03-08', NEW_YORK, 1));
      await note(bed, user.id, after('2026-03-09', NEW_YORK, -30));
      await note(bed, user.id, after('2026-03-09', NEW_YORK, 30));
      await idle(bed, user.id, after('2026-03-10', NEW_YORK, 12 * 60));
      await note(bed, user.id, after('2026-03-11', NEW_YORK, 30));
      await note(bed, user.id, after('2026-03-12', NEW_YORK, -30 + 24 * 60));
      await bed.settle();
    });

    it('keeps the latest run and the longest in the streaks table and the Redis hash', async () => {
      expect(await streakRow(bed, user.id)).toEqual({
        run_start: '2026-03-11',
        last_day: '2026-03-12',
        longest: 4,
      });
      expect(await bed.redis.hgetall(hashKey(user.id))).toMatchObject({
        runStart: '2026-03-11',
        lastDay: '2026-03-12',
        longest: '4',
      });
    });

    it('answers the streak: no current run months later, the longest, the last active day', async () => {
      expect(await bed.call(analyticsRpc.streak, { userId: user.id })).toEqual({
        current: 0,
        longest: 4,
        lastActiveDate: '2026-03-12',
        timeZone: NEW_YORK,
      });
    });

    it('answers a heatmap with every day of the year and the streak activity of each', async () => {
      const { year, timeZone, days } = await bed.call(analyticsRpc.heatmap, { userId: user.id, year: 2026 });
      expect({ year, timeZone }).toEqual({ year: 2026, timeZone: NEW_YORK });
      expect(days.map((day) => day.date)).toEqual(daysFromTo('2026-01-01', '2026-12-31'));
      expect(
        Object.fromEntries(days.filter((day) => day.count > 0).map((day) => [day.date, day.count])),
      ).toEqual({
        '2026-03-01': 1,
        '2026-03-02': 1,
        '2026-03-06': 1,
        '2026-03-07': 1,
        '2026-03-08': 2,
        '2026-03-09': 1,
        '2026-03-11': 1,
        '2026-03-12': 1,
      });
      const empty = await bed.call(analyticsRpc.heatmap, { userId: user.id, year: 2028 });
      expect(empty.days).toHaveLength(366);
      expect(empty.days.every((day) => day.count === 0)).toBe(true);
    });

    it('joins the runs when late activity fills the gap, counting a second event on a day only once', async () => {
      await note(bed, user.id, after('2026-03-10', NEW_YORK, 60));
      await note(bed, user.id, after('2026-03-10', NEW_YORK, 120));
      await bed.settle();
      expect(await streakRow(bed, user.id)).toEqual({
        run_start: '2026-03-06',
        last_day: '2026-03-12',
        longest: 7,
      });
      expect(await bed.call(analyticsRpc.streak, { userId: user.id })).toMatchObject({
        longest: 7,
        current: 0,
      });
      const { days } = await bed.call(analyticsRpc.heatmap, { userId: user.id, year: 2026 });
      expect(days.find((day) => day.date === '2026-03-10')).toEqual({ date: '2026-03-10', count: 2 });
    });
  });

  it('follows Berlin days across the 2026 EU change back to winter time', async () => {
    const BERLIN = 'Europe/Berlin';
    const user = await bed.addUser({ timeZone: BERLIN });
    // 23:30 CEST on the 24th, 00:30 CEST on the 25th, then 23:30 CET (22:30 UTC) and 00:30 CET on the 26th
    // (23:30 UTC on the 25th): three local days, though the UTC dates are only 24 and 25 October.
    await note(bed, user.id, new Date('2026-10-24T21:30:00Z'));
    await note(bed, user.id, new Date('2026-10-24T22:30:00Z'));
    await note(bed, user.id, new Date('2026-10-25T22:30:00Z'));
    await note(bed, user.id, new Date('2026-10-25T23:30:00Z'));
    await bed.settle();
    expect(await streakRow(bed, user.id)).toEqual({
      run_start: '2026-10-24',
      last_day: '2026-10-26',
      longest: 3,
    });
    const { days } = await bed.call(analyticsRpc.heatmap, { userId: user.id, year: 2026 });
    expect(days.filter((day) => day.count > 0)).toEqual([
      { date: '2026-10-24', count: 1 },
      { date: '2026-10-25', count: 2 },
      { date: '2026-10-26', count: 1 },
    ]);
  });

  it("counts the current run while it ends today or yesterday in the person's zone", async () => {
    const TOKYO = 'Asia/Tokyo';
    const user = await bed.addUser({ timeZone: TOKYO });
    const today = localDateOf(new Date(), TOKYO);
    // Three days, a rest day, then the two days before today; chat counts too.
    for (const back of [6, 5, 4]) await note(bed, user.id, after(addDays(today, -back), TOKYO, 12 * 60));
    await idle(bed, user.id, after(addDays(today, -3), TOKYO, 12 * 60));
    const other = await bed.addUser({ timeZone: TOKYO });
    await publishChat(bed, user.id, other.id, after(addDays(today, -2), TOKYO, 30), 1);
    await note(bed, user.id, after(addDays(today, -1), TOKYO, 23 * 60 + 30));
    await bed.settle();
    expect(await bed.call(analyticsRpc.streak, { userId: user.id })).toEqual({
      current: 2,
      longest: 3,
      lastActiveDate: addDays(today, -1),
      timeZone: TOKYO,
    });
    // The reactor's reaction is their activity, not the sender's.
    expect(await bed.call(analyticsRpc.streak, { userId: other.id })).toMatchObject({
      current: 0,
      longest: 1,
      lastActiveDate: addDays(today, -2),
    });

    const todayStart = startOfLocalDay(today, TOKYO).getTime();
    await note(bed, user.id, new Date(Math.max(todayStart, Date.now() - MINUTE)));
    await bed.settle();
    expect(await bed.call(analyticsRpc.streak, { userId: user.id })).toEqual({
      current: 3,
      longest: 3,
      lastActiveDate: today,
      timeZone: TOKYO,
    });

    const heatmap = await bed.call(analyticsRpc.heatmap, { userId: user.id });
    expect(heatmap.year).toBe(Number(today.slice(0, 4)));
    const counted = new Map(heatmap.days.map((day) => [day.date, day.count]));
    for (const back of [6, 5, 4, 2, 1, 0]) {
      const day = addDays(today, -back);
      if (day.startsWith(String(heatmap.year))) expect(counted.get(day)).toBe(1);
    }
    const restDay = addDays(today, -3);
    if (restDay.startsWith(String(heatmap.year))) expect(counted.get(restDay)).toBe(0);
  });

  it('reads a missing Redis hash from Postgres and writes it back', async () => {
    const user = await bed.addUser({ timeZone: 'UTC' });
    await note(bed, user.id, new Date('2026-06-01T10:00:00Z'));
    await note(bed, user.id, new Date('2026-06-02T10:00:00Z'));
    await bed.settle();
    const expected = { current: 0, longest: 2, lastActiveDate: '2026-06-02', timeZone: 'UTC' };
    expect(await bed.call(analyticsRpc.streak, { userId: user.id })).toEqual(expected);

    await bed.redis.del(hashKey(user.id));
    expect(await bed.call(analyticsRpc.streak, { userId: user.id })).toEqual(expected);
    expect(await bed.redis.hgetall(hashKey(user.id))).toMatchObject({
      runStart: '2026-06-01',
      lastDay: '2026-06-02',
    });

    // Nobody without activity has a row; the hash remembers that too.
    const newcomer = await bed.addUser();
    expect(await bed.call(analyticsRpc.streak, { userId: newcomer.id })).toEqual({
      current: 0,
      longest: 0,
      lastActiveDate: null,
      timeZone: 'UTC',
    });
    expect(await bed.redis.hgetall(hashKey(newcomer.id))).toMatchObject({ longest: '0', runStart: '' });
  });

  it('repairs a stale Redis hash on redelivery without counting anything twice', async () => {
    const user = await bed.addUser({ timeZone: 'UTC' });
    const first = await note(bed, user.id, new Date('2026-07-01T10:00:00Z'));
    await note(bed, user.id, new Date('2026-07-02T10:00:00Z'));
    await bed.settle();
    // As if the process died between commit and Redis: an older copy is left behind.
    await bed.redis.hset(hashKey(user.id), {
      version: '1',
      runStart: '2026-07-01',
      lastDay: '2026-07-01',
      longest: '1',
    });

    await bed.republish('content', first);
    await bed.settle();
    expect(await bed.redis.hgetall(hashKey(user.id))).toMatchObject({
      runStart: '2026-07-01',
      lastDay: '2026-07-02',
      longest: '2',
    });
    expect(
      await bed.query(`SELECT day::text, count FROM analytics.active_days WHERE user_id = $1 ORDER BY day`, [
        user.id,
      ]),
    ).toEqual([
      { day: '2026-07-01', count: 1 },
      { day: '2026-07-02', count: 1 },
    ]);
    expect(await streakRow(bed, user.id)).toEqual({
      run_start: '2026-07-01',
      last_day: '2026-07-02',
      longest: 2,
    });
  });

  it('rebuilds exactly the streaks ingest keeps, and rewrites the Redis hashes from them', async () => {
    const user = await bed.addUser({ timeZone: 'UTC' });
    for (const day of ['2026-08-01', '2026-08-02', '2026-08-03', '2026-08-05', '2026-08-10', '2026-08-11']) {
      await note(bed, user.id, new Date(`${day}T08:00:00Z`));
    }
    await bed.settle();
    const streaksTable = () =>
      bed.query(
        `SELECT user_id, run_start::text, last_day::text, longest FROM analytics.streaks ORDER BY user_id`,
      );
    const live = await streaksTable();
    expect(live).toContainEqual({
      user_id: user.id,
      run_start: '2026-08-10',
      last_day: '2026-08-11',
      longest: 3,
    });

    const keeper = bed.analytics!.get(StreakKeeper);
    await bed.query(`UPDATE analytics.streaks SET longest = 99, run_start = NULL`);
    await bed.query(`INSERT INTO analytics.streaks (user_id, longest) VALUES ($1, 7)`, [newId()]);
    await bed
      .analytics!.get(DatabaseConnector)
      .dataSource.transaction((manager) => keeper.rebuildAll(manager));
    expect(await streakRow(bed, user.id)).toEqual({
      run_start: '2026-08-10',
      last_day: '2026-08-11',
      longest: 3,
    });
    expect(await streaksTable()).toEqual(live);

    const people = live.map((row) => (row as { user_id: string }).user_id);
    const before = await Promise.all(people.map((id) => bed.redis.hgetall(hashKey(id))));
    await bed.redis.del(...people.map(hashKey));
    await bed.redis.hset(hashKey(user.id), { version: '1', runStart: '', lastDay: '', longest: '0' });
    await keeper.syncAll();
    const after = await Promise.all(people.map((id) => bed.redis.hgetall(hashKey(id))));
    const withoutVersions = (hashes: Record<string, string>[]) =>
      hashes.map(({ version: _version, ...rest }) => rest);
    expect(withoutVersions(after)).toEqual(withoutVersions(before));
  });

  it("never shows one person another person's activity", async () => {
    const user = await bed.addUser({ timeZone: 'UTC' });
    const other = await bed.addUser({ timeZone: 'UTC' });
    for (const day of ['2026-09-01', '2026-09-02', '2026-09-03']) {
      await note(bed, other.id, new Date(`${day}T08:00:00Z`));
    }
    await bed.publish(
      messagingEvent.reactionAdded,
      {
        conversationId: newId(),
        seq: 1,
        at: '2026-09-04T08:00:00.000Z',
        actorId: other.id,
        type: 'reaction:added',
        messageId: newId(),
        emoji: '👍',
        userId: other.id,
        reactions: [{ emoji: '👍', count: 1, userIds: [other.id] }],
      },
      { at: '2026-09-04T08:00:00.000Z' },
    );
    await bed.settle();
    expect(await bed.call(analyticsRpc.streak, { userId: other.id })).toMatchObject({ longest: 4 });
    expect(await bed.call(analyticsRpc.streak, { userId: user.id })).toMatchObject({
      longest: 0,
      lastActiveDate: null,
    });
    const { days } = await bed.call(analyticsRpc.heatmap, { userId: user.id, year: 2026 });
    expect(days.every((day) => day.count === 0)).toBe(true);
    const dashboard = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '365d' });
    expect(dashboard.totals).toEqual({});
  });
});
