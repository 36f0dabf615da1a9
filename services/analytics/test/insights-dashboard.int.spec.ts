import { ResultCache } from '@tracera/cache';
import { analyticsRpc, authEvent, contentEvent, type DashboardView, type Envelope } from '@tracera/contracts';
import { type RpcError } from '@tracera/streams';
import { DashboardRepository } from '../src/insights/dashboard.repository';
import { isUnknownTimeZoneError, timeZoneNotSupported } from '../src/insights/insights-time-zone';
import {
  addDays,
  daysFromTo,
  localDateOf,
  startOfLocalDay,
  zoneOffsetMinutes,
} from '../src/insights/local-calendar';
import { AnalyticsTestBed, type BedUser, fieldsOf, newId } from './analytics-test-bed';
import { bookmarkSnapshot, fileSnapshot, noteSnapshot, taskSnapshot } from './scripted-history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Activity = 'note' | 'taskCreated' | 'taskCompleted' | 'bookmark' | 'import' | 'file' | 'signIn';

/** Publishes one event that becomes one activity row of the person at `at`. */
function act(
  bed: AnalyticsTestBed,
  userId: string,
  activity: Activity,
  at: Date,
  tags: string[] = [],
): Promise<Envelope> {
  const id = newId();
  switch (activity) {
    case 'note':
      return bed.publish(contentEvent.noteCreated, { userId, note: noteSnapshot(id, tags, at) }, { at });
    case 'taskCreated':
      return bed.publish(
        contentEvent.taskCreated,
        { userId, task: taskSnapshot(id, tags, at, false) },
        { at },
      );
    case 'taskCompleted':
      return bed.publish(
        contentEvent.taskCompleted,
        { userId, task: taskSnapshot(id, tags, at, true, 2) },
        { at },
      );
    case 'bookmark':
    case 'import':
      return bed.publish(
        contentEvent.bookmarkCreated,
        {
          userId,
          bookmark: bookmarkSnapshot(id, 'example.com', tags, at),
          source: activity === 'bookmark' ? 'api' : 'import',
        },
        { at },
      );
    case 'file':
      return bed.publish(contentEvent.fileUploaded, { userId, file: fileSnapshot(id, tags, at) }, { at });
    case 'signIn':
      return bed.publish(
        authEvent.sessionCreated,
        { userId, sessionId: id, ip: null, userAgent: null },
        { at },
      );
  }
}

/** The per-day counts of a dashboard as a map, only the days with activity. */
function activeDaysOf(view: DashboardView): Record<string, DashboardView['totals']> {
  return Object.fromEntries(
    view.perDay.filter((day) => Object.keys(day.counts).length > 0).map((day) => [day.date, day.counts]),
  );
}

function hoursWithActivity(view: DashboardView): Record<number, number> {
  return Object.fromEntries(view.activeHours.flatMap((count, hour) => (count > 0 ? [[hour, count]] : [])));
}

/** The first instant of local day `date` plus `minutes` of elapsed time (not wall-clock minutes). */
function after(date: string, timeZone: string, minutes: number): Date {
  return new Date(startOfLocalDay(date, timeZone).getTime() + minutes * MINUTE);
}

/** Local days (oldest first) on which the zone's offset changes, between `from` and `to`. */
function offsetChangeDays(timeZone: string, from: string, to: string): string[] {
  return daysFromTo(from, to).filter(
    (day) =>
      zoneOffsetMinutes(startOfLocalDay(day, timeZone), timeZone) !==
      zoneOffsetMinutes(startOfLocalDay(addDays(day, 1), timeZone), timeZone),
  );
}

describe('analytics dashboard', () => {
  let bed: AnalyticsTestBed;

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('analytics-insights-dashboard');
  });

  afterAll(async () => {
    await bed.close();
  });

  it('answers every day of the range, empty ones included, for a person without activity', async () => {
    const user = await bed.addUser({ timeZone: 'Europe/Berlin' });
    const view = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '30d' });
    const today = localDateOf(new Date(), 'Europe/Berlin');
    expect(view).toMatchObject({
      range: '30d',
      timeZone: 'Europe/Berlin',
      from: addDays(today, -29),
      to: today,
      totals: {},
      tasks: { created: 0, completed: 0 },
      topTags: [],
      activeHours: new Array(24).fill(0),
    });
    expect(view.perDay).toEqual(daysFromTo(addDays(today, -29), today).map((date) => ({ date, counts: {} })));
  });

  describe('a week of activity of a person in New York', () => {
    const NEW_YORK = 'America/New_York';
    let user: BedUser;
    let today: string;
    let twoDaysAgo: string;
    let threeDaysAgo: string;

    beforeAll(async () => {
      user = await bed.addUser({ timeZone: NEW_YORK });
      const now = new Date();
      today = localDateOf(now, NEW_YORK);
      twoDaysAgo = addDays(today, -2);
      threeDaysAgo = addDays(today, -3);
      // Just before and after New York's midnights; New York changes its clocks at 02:00, never near these.
      await act(bed, user.id, 'note', after(twoDaysAgo, NEW_YORK, -30), ['rust', 'postgres']);
      await act(bed, user.id, 'taskCreated', after(twoDaysAgo, NEW_YORK, 30), ['rust']);
      await act(bed, user.id, 'taskCompleted', after(twoDaysAgo, NEW_YORK, 60), ['rust']);
      await act(bed, user.id, 'bookmark', after(addDays(twoDaysAgo, 1), NEW_YORK, -30), ['reading']);
      await act(bed, user.id, 'import', after(addDays(twoDaysAgo, 1), NEW_YORK, -20), ['imported']);
      // Today, within its first minute or halfway to now, whichever is earlier.
      const todayStart = startOfLocalDay(today, NEW_YORK).getTime();
      await act(
        bed,
        user.id,
        'signIn',
        new Date(todayStart + Math.min(MINUTE, (now.getTime() - todayStart) / 2)),
      );
      await bed.settle();
    });

    it("counts per local day and type in the person's own zone by default", async () => {
      const view = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '7d' });
      expect(view.timeZone).toBe(NEW_YORK);
      expect(view.from).toBe(addDays(today, -6));
      expect(view.to).toBe(today);
      expect(view.perDay.map((day) => day.date)).toEqual(daysFromTo(addDays(today, -6), today));
      expect(activeDaysOf(view)).toEqual({
        [threeDaysAgo]: { note_created: 1 },
        [twoDaysAgo]: { task_created: 1, task_completed: 1, bookmark_saved: 1, bookmark_imported: 1 },
        [today]: { signed_in: 1 },
      });
      expect(view.totals).toEqual({
        note_created: 1,
        task_created: 1,
        task_completed: 1,
        bookmark_saved: 1,
        bookmark_imported: 1,
        signed_in: 1,
      });
      expect(view.tasks).toEqual({ created: 1, completed: 1 });
      // Items saved or created only: the completion's and the import's tags are not counted.
      expect(view.topTags).toEqual([
        { tag: 'rust', count: 2 },
        { tag: 'postgres', count: 1 },
        { tag: 'reading', count: 1 },
      ]);
      expect(hoursWithActivity(view)).toEqual({ 0: 2, 1: 1, 23: 3 });
    });

    it('puts the same activity on the days and hours of another zone when asked', async () => {
      const asked = await bed.call(analyticsRpc.dashboard, {
        userId: user.id,
        range: '7d',
        timeZone: NEW_YORK,
      });
      expect(activeDaysOf(asked)).toEqual(
        activeDaysOf(await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '7d' })),
      );

      // Tokyo is 13 or 14 hours ahead: New York's late evening is Tokyo's next midday, its early morning the
      // same day's afternoon.
      const tokyo = await bed.call(analyticsRpc.dashboard, {
        userId: user.id,
        range: '7d',
        timeZone: 'Asia/Tokyo',
      });
      const tokyoToday = localDateOf(new Date(), 'Asia/Tokyo');
      expect(tokyo.timeZone).toBe('Asia/Tokyo');
      expect(tokyo.to).toBe(tokyoToday);
      expect(tokyo.perDay).toHaveLength(7);
      expect(activeDaysOf(tokyo)).toEqual({
        [twoDaysAgo]: { note_created: 1, task_created: 1, task_completed: 1 },
        [addDays(twoDaysAgo, 1)]: { bookmark_saved: 1, bookmark_imported: 1 },
        [today]: { signed_in: 1 },
      });
      expect(tokyo.totals).toEqual(asked.totals);
      const afternoon = tokyo.activeHours.slice(12, 16).reduce((sum, count) => sum + count, 0);
      expect(afternoon).toBe(6);
    });
  });

  describe.each([
    ['America/New_York', 'US'],
    ['Europe/Berlin', 'EU'],
  ])('around the daylight-saving changes of %s (%s)', (timeZone) => {
    it('puts activity just before and after local midnight on the right days and hours', async () => {
      const user = await bed.addUser({ timeZone });
      const today = localDateOf(new Date(), timeZone);
      // Changes whose surrounding days all lie inside the 365-day range and are over.
      const changes = offsetChangeDays(timeZone, addDays(today, -363), addDays(today, -2));
      expect(changes.length).toBeGreaterThanOrEqual(1);
      for (const day of changes) {
        const next = addDays(day, 1);
        await act(bed, user.id, 'note', after(day, timeZone, -30));
        await act(bed, user.id, 'note', after(day, timeZone, 30));
        await act(bed, user.id, 'note', after(day, timeZone, 90));
        await act(bed, user.id, 'note', after(day, timeZone, 150));
        await act(bed, user.id, 'note', after(next, timeZone, -30));
        await act(bed, user.id, 'note', after(next, timeZone, 30));
      }
      await bed.settle();

      const view = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '365d' });
      expect(view.perDay).toHaveLength(365);
      const expectedDays: Record<string, DashboardView['totals']> = {};
      const expectedHours: Record<number, number> = {};
      const addHour = (hour: number) => (expectedHours[hour] = (expectedHours[hour] ?? 0) + 1);
      for (const day of changes) {
        expectedDays[addDays(day, -1)] = { note_created: 1 };
        expectedDays[day] = { note_created: 4 };
        expectedDays[addDays(day, 1)] = { note_created: 1 };
        addHour(23);
        addHour(0);
        addHour(23);
        addHour(0);
        // 90 and 150 minutes after midnight: 01:30 and 03:30 on a spring-forward day (02:xx is skipped);
        // New York falls back at 02:00 (01:30 twice), Berlin at 03:00 (02:30 twice).
        const springs =
          zoneOffsetMinutes(startOfLocalDay(addDays(day, 1), timeZone), timeZone) >
          zoneOffsetMinutes(startOfLocalDay(day, timeZone), timeZone);
        addHour(1);
        addHour(springs ? 3 : timeZone === 'America/New_York' ? 1 : 2);
      }
      expect(activeDaysOf(view)).toEqual(expectedDays);
      expect(hoursWithActivity(view)).toEqual(expectedHours);
      expect(view.totals).toEqual({ note_created: 6 * changes.length });
    });
  });

  it('counts from the raw activity where a UTC hour straddles local days (Asia/Kolkata, UTC+05:30)', async () => {
    const KOLKATA = 'Asia/Kolkata';
    const user = await bed.addUser({ timeZone: KOLKATA });
    const day = addDays(localDateOf(new Date(), KOLKATA), -3);
    const midnight = startOfLocalDay(addDays(day, 1), KOLKATA);
    expect(midnight.getUTCMinutes()).toBe(30);
    // 23:50, 00:10 and 00:40 local: the first two share the UTC hour 18:00–19:00.
    await act(bed, user.id, 'note', new Date(midnight.getTime() - 10 * MINUTE), ['a']);
    await act(bed, user.id, 'taskCreated', new Date(midnight.getTime() + 10 * MINUTE), ['b']);
    await act(bed, user.id, 'taskCompleted', new Date(midnight.getTime() + 40 * MINUTE));
    await bed.settle();

    const view = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '7d' });
    expect(view.timeZone).toBe(KOLKATA);
    expect(activeDaysOf(view)).toEqual({
      [day]: { note_created: 1 },
      [addDays(day, 1)]: { task_created: 1, task_completed: 1 },
    });
    expect(hoursWithActivity(view)).toEqual({ 23: 1, 0: 2 });
    expect(view.topTags).toEqual([
      { tag: 'a', count: 1 },
      { tag: 'b', count: 1 },
    ]);

    // Kathmandu (UTC+05:45) sees 00:05, 00:25 and 00:55 of the next day.
    const kathmandu = await bed.call(analyticsRpc.dashboard, {
      userId: user.id,
      range: '7d',
      timeZone: 'Asia/Kathmandu',
    });
    expect(activeDaysOf(kathmandu)).toEqual({
      [addDays(day, 1)]: { note_created: 1, task_created: 1, task_completed: 1 },
    });
    expect(hoursWithActivity(kathmandu)).toEqual({ 0: 3 });
  });

  it('reads whole-hour zones from the hourly rollup and other zones from the raw activity', async () => {
    const user = await bed.addUser({ timeZone: 'UTC' });
    const at = new Date(
      startOfLocalDay(addDays(localDateOf(new Date(), 'UTC'), -1), 'UTC').getTime() + 10 * HOUR,
    );
    await act(bed, user.id, 'note', at);
    await bed.settle();
    // A rollup that disagrees with the rows shows which one each answer was computed from.
    await bed.query(`UPDATE analytics.activity_hourly SET count = 5 WHERE user_id = $1`, [user.id]);
    await bed.analytics!.get(ResultCache).invalidateUser(user.id);

    const utc = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '7d' });
    expect(utc.totals).toEqual({ note_created: 5 });
    const kolkata = await bed.call(analyticsRpc.dashboard, {
      userId: user.id,
      range: '7d',
      timeZone: 'Asia/Kolkata',
    });
    expect(kolkata.totals).toEqual({ note_created: 1 });
  });

  it('is cached until the person has new activity; other people change neither it nor its numbers', async () => {
    const user = await bed.addUser({ timeZone: 'Asia/Tokyo' });
    const other = await bed.addUser({ timeZone: 'Asia/Tokyo' });
    const dayAgo = new Date(Date.now() - 24 * HOUR);
    await act(bed, user.id, 'note', dayAgo, ['mine']);
    await bed.settle();

    const first = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '30d' });
    expect(first.totals).toEqual({ note_created: 1 });
    const again = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '30d' });
    expect(again).toEqual(first);

    await act(bed, other.id, 'note', dayAgo, ['theirs']);
    await act(bed, other.id, 'bookmark', dayAgo, ['theirs']);
    await bed.settle();
    expect(await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '30d' })).toEqual(first);
    const theirs = await bed.call(analyticsRpc.dashboard, { userId: other.id, range: '30d' });
    expect(theirs.totals).toEqual({ note_created: 1, bookmark_saved: 1 });
    expect(theirs.topTags).toEqual([{ tag: 'theirs', count: 2 }]);

    await act(bed, user.id, 'taskCreated', new Date(Date.now() - HOUR), ['mine']);
    await bed.settle();
    const fresh = await bed.call(analyticsRpc.dashboard, { userId: user.id, range: '30d' });
    expect(fresh.generatedAt).not.toBe(first.generatedAt);
    expect(fresh.totals).toEqual({ note_created: 1, task_created: 1 });
    expect(fresh.topTags).toEqual([{ tag: 'mine', count: 2 }]);
  });

  describe('refuses bad requests, naming the field', () => {
    const userId = newId();

    it.each([
      [{ userId, range: '14d' }, 'range'],
      [{ userId, range: '7d', timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ userId, range: '7d', timeZone: '+05:30' }, 'timeZone'],
    ])('dashboard %j', async (request, field) => {
      const error = await bed.failure(analyticsRpc.dashboard, request as never);
      expect(error.code).toBe('INVALID_REQUEST');
      expect(issuePaths(error)).toEqual([field]);
    });

    it.each([1999, 2101, 2026.5])('heatmap of year %p', async (year) => {
      const error = await bed.failure(analyticsRpc.heatmap, { userId, year });
      expect(error.code).toBe('INVALID_REQUEST');
      expect(issuePaths(error)).toEqual(['year']);
    });

    it('a zone the database does not know is recognized, even for a person without activity', async () => {
      // The runtime and Postgres may carry different zone databases; such a zone becomes VALIDATION on timeZone.
      const dashboards = bed.analytics!.get(DashboardRepository);
      const end = new Date();
      const start = new Date(end.getTime() - 7 * 24 * HOUR);
      for (const source of ['hourly', 'activity'] as const) {
        const refused = await dashboards
          .countsByLocalHour(userId, start, end, 'Mars/Olympus_Mons', source)
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(isUnknownTimeZoneError(refused)).toBe(true);
      }
      expect(fieldsOf(timeZoneNotSupported('Mars/Olympus_Mons'))).toEqual(['timeZone']);
    });
  });
});

/** The request fields a schema failure names. */
function issuePaths(error: RpcError): string[] {
  const { issues } = (error.details ?? { issues: [] }) as { issues: { path: string }[] };
  return issues.map((issue) => issue.path);
}
