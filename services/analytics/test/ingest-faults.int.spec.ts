import { analyticsRpc, contentEvent } from '@tracera/contracts';
import { AnalyticsTestBed, type BedUser, newId } from './analytics-test-bed';
import { derivedKeys, derivedRedis, everything } from './derived-state';
import {
  bookmarkSnapshot,
  challengeWithMembers,
  publishHistory,
  type ScriptedHistory,
  taskSnapshot,
} from './scripted-history';
import { RebuildAnalyticsUseCase } from '../src/rebuild/rebuild-analytics.use-case';

jest.setTimeout(120_000);

describe('analytics ingest under faults', () => {
  let bed: AnalyticsTestBed;
  let people: BedUser[];
  let challengeIds: string[];
  let expectedActivity = 0;
  let firstHistory: ScriptedHistory;
  const now = new Date();

  const state = () => everything(bed, people, challengeIds);
  /** The rebuild recomputes from activity alone: live state equal to it has nothing counted twice or missed. */
  const rebuild = () => bed.analytics!.get(RebuildAnalyticsUseCase).execute();

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('faults');
    people = [
      await bed.addUser({ timeZone: 'Europe/Berlin' }),
      await bed.addUser({ timeZone: 'America/Los_Angeles' }),
      await bed.addUser({ timeZone: 'Asia/Tokyo' }),
    ];
    const [first, second, third] = people;
    challengeIds = [
      await challengeWithMembers(bed, first, [second, third], {
        now,
        metric: 'tasks_completed',
        target: 3,
        startedHoursAgo: 4 * 24,
      }),
      await challengeWithMembers(bed, second, [first, third], {
        now,
        metric: 'bookmarks_saved',
        target: 2,
        startedHoursAgo: 2 * 24,
      }),
    ];
    const history = await publishHistory(bed, people, { days: 5, now });
    await bed.settle({ timeoutMs: 60_000 });
    expectedActivity = history.activityEvents;
    firstHistory = history;
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('counts every event of the history exactly once, consistently with a rebuild from activity', async () => {
    expect(await bed.count('activity')).toBe(expectedActivity);
    const live = await state();
    await rebuild();
    expect(await state()).toEqual(live);
  });

  it('never double counts an event published twice at once or redelivered later', async () => {
    const [first] = people;
    const before = await state();
    const taskId = newId();
    const completedAt = new Date(Date.now() - 60_000);
    const completed = { userId: first.id, task: taskSnapshot(taskId, ['work'], completedAt, true, 2) };
    const bookmark = {
      userId: first.id,
      bookmark: bookmarkSnapshot(newId(), 'docs.rs', ['rust'], completedAt),
      source: 'api' as const,
    };
    // Both copies are read together, so they meet in one batch (one INSERT with the same key twice).
    const task = await bed.publish(contentEvent.taskCompleted, completed, { at: completedAt });
    await bed.republish('content', task);
    const saved = await bed.publish(contentEvent.bookmarkCreated, bookmark, { at: completedAt });
    await bed.publish(contentEvent.bookmarkCreated, bookmark, { at: completedAt, id: saved.id });
    await bed.settle();
    expectedActivity += 2;
    expect(await bed.count('activity')).toBe(expectedActivity);
    const once = await state();
    const tasksBoard = once.answers[`leaderboard ${challengeIds[0]} for ${first.username}`] as {
      me: { score: number };
    };
    const tasksBefore = before.answers[`leaderboard ${challengeIds[0]} for ${first.username}`] as {
      me: { score: number };
    };
    expect(tasksBoard.me.score).toBe(tasksBefore.me.score + 1);

    // Later redeliveries of both, and of the whole history, change nothing anywhere.
    await bed.republish('content', task);
    await bed.republish('content', saved);
    await bed.settle();
    expect(await state()).toEqual(once);
  });

  it('changes nothing when the whole history is delivered again', async () => {
    const before = await state();
    const history = await publishHistory(bed, people, { days: 5, now, seed: 7 });
    // Same script, new ids: first show it is new activity, then replay those exact envelopes.
    await bed.settle({ timeoutMs: 60_000 });
    expectedActivity += history.activityEvents;
    const grown = await state();
    expect(grown).not.toEqual(before);
    for (const { producer, envelope } of history.envelopes) await bed.republish(producer, envelope);
    await bed.settle({ timeoutMs: 60_000 });
    expect(await bed.count('activity')).toBe(expectedActivity);
    expect(await state()).toEqual(grown);
    await rebuild();
    expect(await state()).toEqual(grown);
  });

  it('counts events published while analytics is stopped exactly once after it restarts', async () => {
    await bed.stopAnalytics();
    const history = await publishHistory(bed, people, { days: 3, now: new Date(), seed: 99 });
    // A duplicate published during the outage too.
    const [first] = history.envelopes;
    await bed.republish(first.producer, first.envelope);
    expect(await bed.backlog()).toBe(history.envelopes.length + 1);
    await bed.startAnalytics();
    await bed.settle({ timeoutMs: 60_000 });
    expectedActivity += history.activityEvents;
    expect(await bed.count('activity')).toBe(expectedActivity);
    const live = await state();
    await rebuild();
    expect(await state()).toEqual(live);
  });

  it('repairs Redis on redelivery when the after-commit effects of an event were lost', async () => {
    const [first, second] = people;
    const [tasksChallenge] = challengeIds;
    const intact = await derivedRedis(bed);
    const { tables } = await state();
    const lost = firstHistory.envelopes.find(
      ({ envelope }) =>
        envelope.type === contentEvent.taskCompleted.type &&
        (envelope.data as { userId: string }).userId === first.id &&
        Date.parse(envelope.ts) > now.getTime() - 4 * 24 * 3_600_000,
    )!;
    // As if the process died after the commit: the person's streak and their entry on the leaderboard the
    // event counts for never reached Redis.
    let removed = 0;
    const challengeKeys = (await derivedKeys(bed)).filter((name) => name.includes(tasksChallenge));
    for (const name of await derivedKeys(bed)) {
      if (name.includes(first.id)) removed += await bed.redis.del(bed.prefix + name);
    }
    // A leaderboard maps the person to their sorted-set member in a hash beside the board.
    for (const name of challengeKeys) {
      const key = bed.prefix + name;
      if ((await bed.redis.type(key)) !== 'hash') continue;
      const member = await bed.redis.hget(key, first.id);
      if (member === null) continue;
      removed += await bed.redis.hdel(key, first.id);
      for (const board of challengeKeys) {
        if ((await bed.redis.type(bed.prefix + board)) === 'zset') {
          removed += await bed.redis.zrem(bed.prefix + board, member);
        }
      }
    }
    expect(removed).toBeGreaterThanOrEqual(3);
    expect(await derivedRedis(bed)).not.toEqual(intact);

    // The consumer gets the entry again; its row exists, so only the after-commit effects run again.
    await bed.republish(lost.producer, lost.envelope);
    await bed.settle();

    expect(await derivedRedis(bed)).toEqual(intact);
    expect((await state()).tables).toEqual(tables);
    const board = await bed.call(analyticsRpc.leaderboard, {
      userId: second.id,
      challengeId: tasksChallenge,
      limit: 200,
    });
    expect(board.items.map((entry) => entry.userId)).toContain(first.id);
  });
});
