import { randomBytes } from 'node:crypto';
import {
  analyticsRpc,
  type ChallengeView as Challenge,
  type DashboardView,
  type HeatmapView,
  type LeaderboardView,
  type RecommendationsView,
  type StreakView,
  type TrendingView,
} from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { type LightMyRequestResponse } from 'fastify';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import { expectProblem } from './gateway-auth.fixture';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Today's calendar day in UTC, the zone every freshly registered person starts in. */
const utcToday = () => new Date().toISOString().slice(0, 10);

/** Retries `assertion` until it passes: analytics learns from the event streams, a moment after the write. */
async function eventually<T>(description: string, assertion: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await waitFor(
    async () => {
      result = await assertion();
      return true;
    },
    { timeoutMs: 15_000, intervalMs: 100, description },
  );
  return result as T;
}

/** The body of a 2xx answer, failing with the body when the status differs. */
function ok<T>(response: LightMyRequestResponse, status = 200): T {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
  return response.json<T>();
}

/** The public analytics REST API through the real gateway, auth, content and analytics services. */
describe('analytics API', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;
  // Unique per run so the instance-wide trending counts are this suite's own.
  const tag = `topic${randomBytes(3).toString('hex')}`;
  const aliceItems = new Set<string>();
  const bobItems = new Set<string>();
  let domain: string;

  const createTask = async (user: SignedInUser, title: string, tags: string[] = []) => {
    const { task } = ok<{ task: { id: string } }>(await user.client.post('/tasks', { title, tags }), 201);
    (user === alice ? aliceItems : bobItems).add(task.id);
    return task.id;
  };
  const completeTask = async (user: SignedInUser, id: string) =>
    ok(await user.client.patch(`/tasks/${id}`, { status: 'done' }));

  const dashboard = async (user: SignedInUser, query: string) =>
    ok<DashboardView>(await user.client.get(`/analytics/dashboard?${query}`));
  const leaderboard = async (user: SignedInUser, challengeId: string, query = '') =>
    ok<LeaderboardView>(await user.client.get(`/challenges/${challengeId}/leaderboard${query}`));
  const visibleChallenges = async (user: SignedInUser, query = '') =>
    ok<{ items: Challenge[] }>(await user.client.get(`/challenges?limit=200${query}`)).items.map((c) => c.id);
  const newChallenge = (overrides: Record<string, unknown> = {}) => ({
    title: 'Three tasks this week',
    description: 'Finish what you start',
    metric: 'tasks_completed',
    target: 3,
    startsAt: new Date(Date.now() - HOUR_MS).toISOString(),
    endsAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
    visibility: 'public',
    ...overrides,
  });

  beforeAll(async () => {
    // Trending here shows one person's saves too; the analytics tests cover the people threshold.
    stack = await startContentStack({ withAnalytics: true, env: { TRENDING_MIN_PEOPLE: '1' } });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
    // Alice's day: two bookmarks on one domain, a note and three tasks (two done), all sharing one tag.
    for (const path of ['/rust-async', '/rust-traits']) {
      const response = await alice.client.post('/bookmarks', {
        url: `https://${tag}.example.com${path}`,
        title: `Rust ${path.slice(6)}`,
        tags: [tag, 'rust'],
      });
      const { bookmark } = ok<{ bookmark: { id: string; domain: string } }>(response, 201);
      aliceItems.add(bookmark.id);
      domain = bookmark.domain;
    }
    const { note } = ok<{ note: { id: string } }>(
      await alice.client.post('/notes', { title: 'Rust notes', body: 'Ownership first.', tags: [tag] }),
      201,
    );
    aliceItems.add(note.id);
    const tasks = [
      await createTask(alice, 'Read the async book', [tag]),
      await createTask(alice, 'Write a trait', [tag]),
      await createTask(alice, 'Publish a crate', [tag]),
    ];
    await completeTask(alice, tasks[0]);
    await completeTask(alice, tasks[1]);
  });
  afterAll(async () => {
    await stack?.close();
  });

  describe('activity', () => {
    it('shows the day’s activity on the dashboard: totals, today’s counts, tasks and top tags', async () => {
      const view = await eventually('alice’s activity on her dashboard', async () => {
        const answer = await dashboard(alice, 'range=7d');
        expect(answer.totals).toMatchObject({
          bookmark_saved: 2,
          note_created: 1,
          task_created: 3,
          task_completed: 2,
        });
        return answer;
      });
      expect(view).toMatchObject({ range: '7d', timeZone: 'UTC', tasks: { created: 3, completed: 2 } });
      expect([utcToday(), new Date(Date.now() - DAY_MS).toISOString().slice(0, 10)]).toContain(view.to);
      expect(view.perDay).toHaveLength(7);
      expect(view.perDay[0].date).toBe(view.from);
      const today = view.perDay[6];
      expect(today.date).toBe(view.to);
      expect(today.counts).toMatchObject({
        bookmark_saved: 2,
        note_created: 1,
        task_created: 3,
        task_completed: 2,
      });
      // Everything happened today: the six earlier days are empty.
      expect(view.perDay.slice(0, 6).map((day) => day.counts)).toEqual(Array(6).fill({}));
      expect(view.topTags[0]).toEqual({ tag, count: 6 });
      expect(view.topTags).toContainEqual({ tag: 'rust', count: 2 });
      expect(view.activeHours).toHaveLength(24);
      expect(view.activeHours.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(8);
      // The answer honours the contract exactly (no stray or missing fields).
      expect(analyticsRpc.dashboard.response.parse(view)).toEqual(view);
    });

    it('counts the days in the zone `tz` names, over the range asked for', async () => {
      const view = await dashboard(alice, 'range=30d&tz=Asia%2FTokyo');
      expect(view).toMatchObject({
        range: '30d',
        timeZone: 'Asia/Tokyo',
        tasks: { created: 3, completed: 2 },
      });
      expect(view.perDay).toHaveLength(30);
      expect(view.perDay.at(-1)?.date).toBe(view.to);
      expect(view.totals).toMatchObject({ bookmark_saved: 2, note_created: 1, task_created: 3 });
      const defaulted = await dashboard(alice, '');
      expect(defaulted).toMatchObject({ range: '30d', timeZone: 'UTC' });
    });

    it('keeps each person’s dashboard to their own activity', async () => {
      const view = await dashboard(bob, 'range=7d');
      expect(view.totals).not.toHaveProperty('bookmark_saved');
      expect(view.totals).not.toHaveProperty('note_created');
      expect(view.tasks).toEqual({ created: 0, completed: 0 });
      expect(view.topTags).toEqual([]);
    });

    it('starts a streak of one day and shows today on the heatmap', async () => {
      const streak = await eventually('alice’s streak', async () => {
        const answer = ok<StreakView>(await alice.client.get('/analytics/streak'));
        expect(answer.current).toBe(1);
        return answer;
      });
      expect(streak).toEqual({
        current: 1,
        longest: 1,
        lastActiveDate: streak.lastActiveDate,
        timeZone: 'UTC',
      });
      const today = streak.lastActiveDate as string;
      expect([utcToday(), new Date(Date.now() - DAY_MS).toISOString().slice(0, 10)]).toContain(today);

      const year = Number(today.slice(0, 4));
      const heatmap = ok<HeatmapView>(await alice.client.get(`/analytics/heatmap?year=${year}`));
      expect(heatmap).toMatchObject({ year, timeZone: 'UTC' });
      const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
      expect(heatmap.days).toHaveLength(leap ? 366 : 365);
      expect(heatmap.days[0]).toEqual({ date: `${year}-01-01`, count: 0 });
      // What keeps a streak alive: 2 bookmarks, 1 note, 3 tasks created, 2 completed (signing in does not).
      expect(heatmap.days.find((day) => day.date === today)).toEqual({ date: today, count: 8 });
      expect(heatmap.days.filter((day) => day.count > 0)).toHaveLength(1);
      expect(ok<HeatmapView>(await alice.client.get('/analytics/heatmap'))).toEqual(heatmap);

      const earlier = ok<HeatmapView>(await alice.client.get(`/analytics/heatmap?year=${year - 1}`));
      expect(earlier.days.every((day) => day.count === 0)).toBe(true);
      expect(ok<StreakView>(await bob.client.get('/analytics/streak'))).toMatchObject({
        current: 0,
        longest: 0,
        lastActiveDate: null,
      });
    });
  });

  describe('challenges', () => {
    let challenge: Challenge;

    it('creates a public challenge once per Idempotency-Key: 201, then 200 with the same challenge', async () => {
      const key = `challenge-${randomBytes(4).toString('hex')}`;
      const request = { method: 'POST' as const, url: '/challenges', payload: newChallenge() };
      const first = await alice.client.request({ ...request, headers: { 'idempotency-key': key } });
      challenge = ok<{ challenge: Challenge }>(first, 201).challenge;
      expect(challenge).toMatchObject({
        title: 'Three tasks this week',
        description: 'Finish what you start',
        metric: 'tasks_completed',
        target: 3,
        visibility: 'public',
        ownerId: alice.id,
        status: 'active',
        memberCount: 1,
      });
      // The owner takes part at once, and the tasks she completed since the start already count.
      expect(challenge.me).toMatchObject({ completedAt: null });
      const replay = await alice.client.request({ ...request, headers: { 'idempotency-key': key } });
      expect(ok<{ challenge: Challenge }>(replay, 200).challenge.id).toBe(challenge.id);
      expect((await visibleChallenges(alice)).filter((id) => id === challenge.id)).toHaveLength(1);
      expect(await visibleChallenges(bob)).toContain(challenge.id);
    });

    it('ranks both participants as they complete tasks, and finishes the one who reaches the target', async () => {
      const joined = ok<{ challenge: Challenge }>(await bob.client.post(`/challenges/${challenge.id}/join`));
      expect(joined.challenge).toMatchObject({ id: challenge.id, memberCount: 2, me: { score: 0 } });
      // Joining again changes nothing.
      expect(
        ok<{ challenge: Challenge }>(await bob.client.post(`/challenges/${challenge.id}/join`)).challenge,
      ).toMatchObject({ memberCount: 2 });
      expect(await visibleChallenges(bob, '&joined=true')).toContain(challenge.id);

      const board = await eventually('alice leading with her two completed tasks', async () => {
        const answer = await leaderboard(alice, challenge.id);
        expect(answer.items.map(({ userId, score }) => ({ userId, score }))).toEqual([
          { userId: alice.id, score: 2 },
          { userId: bob.id, score: 0 },
        ]);
        return answer;
      });
      expect(board).toMatchObject({ total: 2, me: { rank: 1, score: 2 } });
      expect(board.items[0]).toMatchObject({ rank: 1, username: alice.username, completed: false });
      expect(board.items[1]).toMatchObject({ rank: 2, username: bob.username, completed: false });

      for (const title of ['One', 'Two', 'Three']) await completeTask(bob, await createTask(bob, title));
      const after = await eventually('bob on top with three', async () => {
        const answer = await leaderboard(bob, challenge.id);
        expect(answer.items.map(({ userId, score }) => ({ userId, score }))).toEqual([
          { userId: bob.id, score: 3 },
          { userId: alice.id, score: 2 },
        ]);
        return answer;
      });
      expect(after.me).toEqual({ rank: 1, score: 3 });
      expect(after.items.map((entry) => [entry.rank, entry.completed])).toEqual([
        [1, true],
        [2, false],
      ]);
      const aroundMe = await leaderboard(alice, challenge.id, '?around=me&limit=2');
      expect(aroundMe.me).toEqual({ rank: 2, score: 2 });
      expect(aroundMe.items.map((entry) => entry.userId)).toContain(alice.id);
      const top = await leaderboard(alice, challenge.id, '?limit=1');
      expect(top.items.map((entry) => entry.userId)).toEqual([bob.id]);
      expect(top.total).toBe(2);

      const mine = ok<{ challenge: Challenge }>(
        await bob.client.get(`/challenges/${challenge.id}`),
      ).challenge;
      expect(mine.me).toMatchObject({ score: 3, rank: 1 });
      expect(mine.me?.completedAt).not.toBeNull();
    });

    it('drops a participant who leaves with 204', async () => {
      const left = await bob.client.post(`/challenges/${challenge.id}/leave`);
      expect(left.statusCode).toBe(204);
      expect(left.body).toBe('');
      const board = await leaderboard(bob, challenge.id);
      expect(board).toMatchObject({ total: 1, me: null });
      expect(board.items.map((entry) => entry.userId)).toEqual([alice.id]);
      expect(
        ok<{ challenge: Challenge }>(await bob.client.get(`/challenges/${challenge.id}`)).challenge,
      ).toMatchObject({ memberCount: 1, me: null });
    });

    it('hides an invite-only challenge from others (404) until they are invited', async () => {
      const created = await alice.client.post(
        '/challenges',
        newChallenge({ visibility: 'invite', target: 5 }),
      );
      const secret = ok<{ challenge: Challenge }>(created, 201).challenge;
      expect(secret).toMatchObject({ visibility: 'invite', ownerId: alice.id });

      expectProblem(await bob.client.get(`/challenges/${secret.id}`), 404, 'not-found');
      expectProblem(await bob.client.post(`/challenges/${secret.id}/join`), 404, 'not-found');
      expectProblem(await bob.client.get(`/challenges/${secret.id}/leaderboard`), 404, 'not-found');
      expect(await visibleChallenges(bob)).not.toContain(secret.id);
      expect(await visibleChallenges(alice)).toContain(secret.id);

      const invited = await alice.client.post(`/challenges/${secret.id}/invitations`, { userIds: [bob.id] });
      expect(ok<{ challenge: Challenge }>(invited).challenge.id).toBe(secret.id);
      expect(
        ok<{ challenge: Challenge }>(await bob.client.get(`/challenges/${secret.id}`)).challenge,
      ).toMatchObject({ id: secret.id, me: null });
      expect(await visibleChallenges(bob)).toContain(secret.id);
      const joined = ok<{ challenge: Challenge }>(await bob.client.post(`/challenges/${secret.id}/join`));
      expect(joined.challenge).toMatchObject({ memberCount: 2, me: { score: 3 } });
    });

    it('answers 404 for an unknown challenge', async () => {
      const unknown = '01890000-0000-7000-8000-00000000abcd';
      expectProblem(await alice.client.get(`/challenges/${unknown}`), 404, 'not-found');
      expectProblem(await alice.client.get(`/challenges/${unknown}/leaderboard`), 404, 'not-found');
    });
  });

  describe('discovery', () => {
    it('shows the saved domain and tags as trending, counts only', async () => {
      const trending = await eventually('the domain trending', async () => {
        const answer = ok<TrendingView>(await bob.client.get('/trending?window=24h&limit=50'));
        expect(answer.domains).toContainEqual({ domain, count: 2 });
        return answer;
      });
      expect(trending.window).toBe('24h');
      expect(trending.tags).toContainEqual({ tag, count: 6 });
      expect(trending.tags).toContainEqual({ tag: 'rust', count: 2 });
      expect(JSON.stringify(trending)).not.toContain(alice.id);
      const week = ok<TrendingView>(await bob.client.get('/trending?window=7d'));
      expect(week.window).toBe('7d');
      expect(week.domains).toContainEqual({ domain, count: 2 });
      expect(week.tags[0]).toEqual({ tag, count: 6 });
      const defaulted = ok<TrendingView>(await bob.client.get('/trending?limit=1'));
      expect(defaulted).toEqual({
        window: '24h',
        domains: [{ domain, count: 2 }],
        tags: [{ tag, count: 6 }],
      });
    });

    it('recommends only the caller’s own items, related by tags and domain', async () => {
      // Bob saves things on Alice's topic too: none of them may reach her, nor hers him.
      const bobsBookmarks: string[] = [];
      for (const path of ['/one', '/two']) {
        const response = await bob.client.post('/bookmarks', {
          url: `https://${tag}.example.com${path}`,
          title: `Rust ${path}`,
          tags: [tag, 'rust'],
        });
        const { bookmark } = ok<{ bookmark: { id: string } }>(response, 201);
        bobItems.add(bookmark.id);
        bobsBookmarks.push(bookmark.id);
      }
      const recommended = (user: SignedInUser, query = '?limit=50') =>
        eventually(`recommendations for ${user.username}`, async () => {
          const answer = ok<RecommendationsView>(await user.client.get(`/recommendations${query}`));
          expect(answer.items.length).toBeGreaterThan(0);
          return answer;
        });
      const forBob = await eventually('bob’s bookmarks recommending each other', async () => {
        const answer = await recommended(bob);
        expect(answer.items.map((item) => item.id)).toEqual(expect.arrayContaining(bobsBookmarks));
        return answer;
      });
      const forAlice = await recommended(alice);
      for (const [answer, own] of [
        [forAlice, aliceItems],
        [forBob, bobItems],
      ] as const) {
        for (const item of answer.items) {
          expect({ id: item.id, own: own.has(item.id) }).toEqual({ id: item.id, own: true });
          expect(item.reason.length).toBeGreaterThan(0);
        }
      }
      expect(analyticsRpc.recommendations.response.parse(forAlice)).toEqual(forAlice);
      const limited = await recommended(alice, '?limit=1');
      expect(limited.items).toEqual(forAlice.items.slice(0, 1));
    });
  });
});
