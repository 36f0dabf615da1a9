import { analyticsRpc, contentEvent } from '@tracera/contracts';
import { TrendingRecorder } from '../src/trending/trending-recorder';
import { type IngestedActivity } from '../src/ingest/ingested-activity';
import { AnalyticsTestBed, type BedUser, newId } from './analytics-test-bed';
import { bookmarkSnapshot, fileSnapshot, noteSnapshot, taskSnapshot } from './scripted-history';

const HOUR_MS = 3_600_000;

describe('analytics trending', () => {
  let bed: AnalyticsTestBed;
  let ada: BedUser;
  let bob: BedUser;

  /** `hours` before now; callers keep well inside or outside the windows, so an hour turning mid-test changes nothing. */
  const ago = (hours: number) => new Date(Date.now() - hours * HOUR_MS);

  const trendingKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await bed.redis.scan(
        cursor,
        'MATCH',
        `${bed.prefix}{trending:all}:*`,
        'COUNT',
        1000,
      );
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  };

  const clearTrending = async () => {
    const keys = await trendingKeys();
    if (keys.length > 0) await bed.redis.del(...keys);
  };

  const saveBookmark = (userId: string, domain: string, tags: string[], at: Date, id?: string) =>
    bed.publish(
      contentEvent.bookmarkCreated,
      { userId, bookmark: bookmarkSnapshot(newId(), domain, tags, at), source: 'api' },
      { at, id },
    );

  beforeAll(async () => {
    // The counting mechanics, with every name shown; the people threshold has its own test below.
    bed = await AnalyticsTestBed.start('analytics-trending', { TRENDING_MIN_PEOPLE: '1' });
    ada = await bed.addUser();
    bob = await bed.addUser();
  });

  afterAll(async () => {
    await bed?.close();
  });

  beforeEach(clearTrending);

  it('counts domains of saved bookmarks and tags of saved or created items, exactly, per window', async () => {
    // Inside 24 h.
    await saveBookmark(ada.id, 'docs.rs', ['rust', 'async'], ago(1));
    await saveBookmark(bob.id, 'docs.rs', ['rust'], ago(5));
    await saveBookmark(bob.id, 'example.com', [], ago(21));
    await bed.publish(
      contentEvent.noteCreated,
      { userId: ada.id, note: noteSnapshot(newId(), ['rust'], ago(2)) },
      { at: ago(2) },
    );
    await bed.publish(
      contentEvent.taskCreated,
      { userId: bob.id, task: taskSnapshot(newId(), ['ops'], ago(3), false) },
      { at: ago(3) },
    );
    await bed.publish(
      contentEvent.fileUploaded,
      { userId: ada.id, file: fileSnapshot(newId(), ['ops'], ago(4)) },
      { at: ago(4) },
    );
    // Inside 7 d only.
    await saveBookmark(ada.id, 'example.com', ['travel'], ago(30));
    await saveBookmark(bob.id, 'example.com', ['travel', 'rust'], ago(100));
    await saveBookmark(ada.id, 'example.com', ['travel'], ago(160));
    // Outside both windows.
    await saveBookmark(ada.id, 'old.org', ['ancient'], ago(175));
    await saveBookmark(bob.id, 'old.org', ['ancient'], ago(9 * 24));
    // Not counted at all: imports, edits, completions.
    const imported = bookmarkSnapshot(newId(), 'import.io', ['imported'], ago(1));
    await bed.publish(
      contentEvent.bookmarkCreated,
      { userId: ada.id, bookmark: imported, source: 'import' },
      { at: ago(1) },
    );
    await bed.publish(
      contentEvent.bookmarkUpdated,
      { userId: ada.id, bookmark: { ...imported, tags: ['edited'], version: 2 }, changed: ['tags'] },
      { at: ago(1) },
    );
    const task = taskSnapshot(newId(), ['finished'], ago(1), true, 2);
    await bed.publish(contentEvent.taskCompleted, { userId: bob.id, task }, { at: ago(1) });
    await bed.settle();

    expect(await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h' })).toEqual({
      window: '24h',
      domains: [
        { domain: 'docs.rs', count: 2 },
        { domain: 'example.com', count: 1 },
      ],
      tags: [
        { tag: 'rust', count: 3 },
        { tag: 'ops', count: 2 },
        { tag: 'async', count: 1 },
      ],
    });
    expect(await bed.call(analyticsRpc.trending, { userId: bob.id, window: '7d' })).toEqual({
      window: '7d',
      domains: [
        { domain: 'example.com', count: 4 },
        { domain: 'docs.rs', count: 2 },
      ],
      tags: [
        { tag: 'rust', count: 4 },
        { tag: 'travel', count: 3 },
        { tag: 'ops', count: 2 },
        { tag: 'async', count: 1 },
      ],
    });
  });

  it('orders by count, then name, and cuts ties at the limit alphabetically', async () => {
    const tagCounts: [string, number][] = [
      ['zeta', 3],
      ['delta', 2],
      ['beta', 2],
      ['gamma', 2],
      ['alpha', 1],
    ];
    for (const [tag, count] of tagCounts) {
      for (let i = 0; i < count; i++) {
        await bed.publish(
          contentEvent.noteCreated,
          { userId: ada.id, note: noteSnapshot(newId(), [tag], ago(2)) },
          { at: ago(2) },
        );
      }
    }
    await bed.settle();
    const answer = await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h', limit: 3 });
    expect(answer.tags).toEqual([
      { tag: 'zeta', count: 3 },
      { tag: 'beta', count: 2 },
      { tag: 'delta', count: 2 },
    ]);
    expect(answer.domains).toEqual([]);
    expect(
      (await bed.call(analyticsRpc.trending, { userId: ada.id, window: '7d', limit: 10 })).tags,
    ).toHaveLength(5);
  });

  it('never counts a duplicated or redelivered event twice, and a redelivery repairs lost Redis effects', async () => {
    const eventId = newId();
    const first = await saveBookmark(ada.id, 'dup.dev', ['once'], ago(3), eventId);
    await bed.republish('content', first);
    await bed.republish('content', first);
    await bed.settle();
    const expected = { domains: [{ domain: 'dup.dev', count: 1 }], tags: [{ tag: 'once', count: 1 }] };
    expect(await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h' })).toMatchObject(expected);

    // The after-commit effect run again (as after a crash between commit and Redis) adds nothing.
    const recorder = bed.analytics!.get(TrendingRecorder);
    const rows = await activityRows([eventId]);
    await recorder.afterCommit(rows);
    await recorder.afterCommit([...rows, ...rows]);
    expect(await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h' })).toMatchObject(expected);

    // Redis lost the effect entirely (committed, then the process died): the redelivery restores it once.
    await clearTrending();
    expect(await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h' })).toMatchObject({
      domains: [],
      tags: [],
    });
    await bed.republish('content', first);
    await bed.settle();
    expect(await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h' })).toMatchObject(expected);
    expect(await bed.count('activity', 'WHERE event_id = $1', [eventId])).toBe(1);
  });

  it('keeps nobody in the answer or in the keys, which share one hash tag and expire about 8 days after their hour', async () => {
    await saveBookmark(ada.id, 'private.example', ['secret'], ago(2));
    await saveBookmark(bob.id, 'private.example', ['secret'], ago(50));
    await bed.settle();
    const answers = [
      await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h' }),
      await bed.call(analyticsRpc.trending, { userId: bob.id, window: '7d' }),
    ];
    const keys = await trendingKeys();
    expect(keys.length).toBeGreaterThan(0);
    const stored: string[] = [JSON.stringify(answers), ...keys];
    for (const key of keys) {
      expect(key.startsWith(`${bed.prefix}{trending:all}:`)).toBe(true);
      const type = await bed.redis.type(key);
      stored.push(...(type === 'zset' ? await bed.redis.zrange(key, 0, -1) : await bed.redis.smembers(key)));
      // Keys end in their UTC hour (`2026-11-23T20`) and expire 8 days after that hour ends.
      const hourStart = Date.parse(`${key.slice(key.lastIndexOf(':') + 1)}:00:00Z`);
      expect(Number(await bed.redis.call('PEXPIRETIME', key))).toBe(hourStart + HOUR_MS + 8 * 24 * HOUR_MS);
    }
    for (const person of [ada, bob]) {
      expect(stored.some((text) => text.includes(person.id) || text.includes(person.username))).toBe(false);
    }
  });

  it('rebuild() gives back the same buckets and answers after the keys are lost', async () => {
    await saveBookmark(ada.id, 'rebuilt.dev', ['rebuild', 'rust'], ago(1));
    await saveBookmark(bob.id, 'rebuilt.dev', ['rebuild'], ago(26));
    await saveBookmark(bob.id, 'other.dev', ['rust'], ago(120));
    await bed.publish(
      contentEvent.noteCreated,
      { userId: bob.id, note: noteSnapshot(newId(), ['rust'], ago(6)) },
      { at: ago(6) },
    );
    await bed.settle();
    // Everything the earlier tests left in the activity table counts too: rebuild reads it all.
    const recorder = bed.analytics!.get(TrendingRecorder);
    await recorder.rebuild();
    const before = await snapshot();
    expect(before.answers[1].tags.length).toBeGreaterThan(0);

    await clearTrending();
    expect((await snapshot()).answers[1]).toEqual({ window: '7d', domains: [], tags: [] });
    await recorder.rebuild();
    expect(await snapshot()).toEqual(before);
    // Rebuilding over live keys changes nothing either.
    await recorder.rebuild();
    expect(await snapshot()).toEqual(before);
  });

  it('rebuild() pages through many rows, including rows sharing one instant', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 3 * HOUR_MS);
    // Straight into the table: 2,100 rows at one instant (a page boundary falls among them), 2,000 a second
    // later; microseconds that a JavaScript Date cannot hold must not derail the paging.
    await bed.query(
      `INSERT INTO analytics.activity (event_id, user_id, type, occurred_at, local_day, tags, domain)
       SELECT gen_random_uuid(), $1, 'bookmark_saved', $2::timestamptz + INTERVAL '123 microseconds'
                + (CASE WHEN n > 2100 THEN 1 ELSE 0 END) * INTERVAL '1 second',
              $2::timestamptz::date, ARRAY['bulk'], 'bulk.dev'
         FROM generate_series(1, 4100) AS n`,
      [ada.id, at],
    );
    await bed.analytics!.get(TrendingRecorder).rebuild();
    const answer = await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h', limit: 50 });
    expect(answer.domains).toContainEqual({ domain: 'bulk.dev', count: 4100 });
    expect(answer.tags).toContainEqual({ tag: 'bulk', count: 4100 });
    await bed.query(`DELETE FROM analytics.activity WHERE domain = 'bulk.dev'`);
  });

  async function snapshot() {
    const answers = [
      await bed.call(analyticsRpc.trending, { userId: ada.id, window: '24h', limit: 50 }),
      await bed.call(analyticsRpc.trending, { userId: ada.id, window: '7d', limit: 50 }),
    ];
    const keys = (await trendingKeys()).sort();
    const contents: Record<string, string[]> = {};
    for (const key of keys) {
      contents[key] =
        (await bed.redis.type(key)) === 'zset'
          ? await bed.redis.zrange(key, 0, -1, 'WITHSCORES')
          : (await bed.redis.smembers(key)).sort();
    }
    return { answers, contents };
  }

  async function activityRows(eventIds: string[]): Promise<IngestedActivity[]> {
    const rows = await bed.query<{
      event_id: string;
      user_id: string;
      type: IngestedActivity['type'];
      occurred_at: Date;
      local_day: string;
      subject_id: string | null;
      tags: string[];
      domain: string | null;
    }>(
      `SELECT event_id, user_id, type, occurred_at, local_day::text AS local_day, subject_id, tags, domain
         FROM analytics.activity WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      userId: row.user_id,
      type: row.type,
      occurredAt: row.occurred_at,
      localDay: row.local_day,
      subjectId: row.subject_id,
      tags: row.tags,
      domain: row.domain,
    }));
  }
});

describe('analytics trending with the default people threshold (2)', () => {
  let bed: AnalyticsTestBed;

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('analytics-trending-people');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const saveBookmark = (userId: string, domain: string, tags: string[]) => {
    const at = new Date(Date.now() - 60_000);
    return bed.publish(
      contentEvent.bookmarkCreated,
      { userId, bookmark: bookmarkSnapshot(newId(), domain, tags, at), source: 'api' },
      { at },
    );
  };

  it('shows a tag or domain only once two different people used it, with every use counted', async () => {
    const [ada, bob] = [await bed.addUser(), await bed.addUser()];
    // Ada alone, however often: her private tag and site stay out of everybody's list.
    for (let index = 0; index < 3; index += 1) await saveBookmark(ada.id, 'clinic.example', ['diagnosis']);
    await saveBookmark(ada.id, 'docs.rs', ['rust']);
    await saveBookmark(bob.id, 'docs.rs', ['rust']);
    await bed.settle();
    const answer = await bed.call(analyticsRpc.trending, { userId: bob.id, window: '24h' });
    expect(answer.domains).toEqual([{ domain: 'docs.rs', count: 2 }]);
    expect(answer.tags).toEqual([{ tag: 'rust', count: 2 }]);

    await saveBookmark(bob.id, 'clinic.example', ['diagnosis']);
    await bed.settle();
    const shared = await bed.call(analyticsRpc.trending, { userId: ada.id, window: '7d' });
    expect(shared.domains).toEqual([
      { domain: 'clinic.example', count: 4 },
      { domain: 'docs.rs', count: 2 },
    ]);
    expect(shared.tags).toEqual([
      { tag: 'diagnosis', count: 4 },
      { tag: 'rust', count: 2 },
    ]);
  });
});
