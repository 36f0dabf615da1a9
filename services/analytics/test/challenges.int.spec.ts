import { analyticsRpc, contentEvent, type Envelope } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type RpcError } from '@tracera/streams';
import { ChallengeProgress } from '../src/challenges/challenge-progress';
import { AnalyticsTestBed, type BedUser, fieldsOf, newId, type RequestInput } from './analytics-test-bed';
import { bookmarkSnapshot, noteSnapshot, taskSnapshot } from './scripted-history';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A time `days` from now (negative: in the past), to the millisecond. */
function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}

/** The fields a refusal names: VALIDATION `errors` from the use cases, or the schema's INVALID_REQUEST issues. */
function refusedFields(error: RpcError): string[] {
  if (error.code === 'INVALID_REQUEST') {
    const { issues } = (error.details ?? { issues: [] }) as { issues: { path: string }[] };
    return issues.map((issue) => issue.path);
  }
  return fieldsOf(error);
}

describe('analytics challenges', () => {
  let bed: AnalyticsTestBed;

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('analytics-challenges');
  });

  afterAll(async () => {
    await bed.close();
  });

  function completeTask(user: BedUser, taskId: string, at: Date, eventId?: string): Promise<Envelope> {
    return bed.publish(
      contentEvent.taskCompleted,
      { userId: user.id, task: taskSnapshot(taskId, [], at, true) },
      { at, id: eventId },
    );
  }

  async function createChallenge(
    owner: BedUser,
    overrides: Partial<RequestInput<typeof analyticsRpc.createChallenge>> = {},
  ) {
    const { challenge } = await bed.call(analyticsRpc.createChallenge, {
      userId: owner.id,
      title: 'Ship it',
      metric: 'tasks_completed',
      target: 3,
      startsAt: daysFromNow(-10).toISOString(),
      endsAt: daysFromNow(10).toISOString(),
      visibility: 'public',
      ...overrides,
    });
    return challenge;
  }

  async function leaderboardOf(
    user: BedUser,
    challengeId: string,
    extra: { around?: 'me'; limit?: number } = {},
  ) {
    return bed.call(analyticsRpc.leaderboard, { userId: user.id, challengeId, ...extra });
  }

  async function completedEventsFor(challengeId: string, userId: string): Promise<number> {
    return bed.count(
      'outbox',
      `WHERE type = 'challenge.completed' AND data->>'challengeId' = $1 AND data->>'userId' = $2`,
      [challengeId, userId],
    );
  }

  describe('progress from published events', () => {
    it('counts each completed task once, only in the period and only for the metric', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 5 });
      const taskA = newId();
      const taskB = newId();
      await completeTask(owner, taskA, daysFromNow(-5));
      // The same task completed again (reopened and done again) is the same item.
      await completeTask(owner, taskA, daysFromNow(-4));
      await completeTask(owner, taskB, daysFromNow(-1));
      // Before the period.
      await completeTask(owner, newId(), daysFromNow(-20));
      // Other metrics' activity.
      const at = daysFromNow(-2);
      await bed.publish(
        contentEvent.taskCreated,
        { userId: owner.id, task: taskSnapshot(newId(), [], at, false) },
        { at },
      );
      await bed.publish(
        contentEvent.noteCreated,
        { userId: owner.id, note: noteSnapshot(newId(), [], at) },
        { at },
      );
      await bed.settle();

      const { challenge: seen } = await bed.call(analyticsRpc.getChallenge, {
        userId: owner.id,
        challengeId: challenge.id,
      });
      expect(seen.me).toEqual({ score: 2, rank: 1, completedAt: null });
      expect(seen.status).toBe('active');
      expect(seen.memberCount).toBe(1);
      expect(await bed.count('challenge_progress', 'WHERE challenge_id = $1', [challenge.id])).toBe(2);
      expect(await leaderboardOf(owner, challenge.id)).toEqual({
        items: [
          {
            rank: 1,
            userId: owner.id,
            username: owner.username,
            displayName: owner.displayName,
            score: 2,
            completed: false,
          },
        ],
        me: { rank: 1, score: 2 },
        total: 1,
      });
    });

    it('counts saved bookmarks but not imported ones for a bookmarks challenge', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { metric: 'bookmarks_saved', target: 10 });
      const at = daysFromNow(-1);
      await bed.publish(
        contentEvent.bookmarkCreated,
        { userId: owner.id, bookmark: bookmarkSnapshot(newId(), 'example.com', [], at), source: 'api' },
        { at },
      );
      await bed.publish(
        contentEvent.bookmarkCreated,
        { userId: owner.id, bookmark: bookmarkSnapshot(newId(), 'example.com', [], at), source: 'import' },
        { at },
      );
      await bed.settle();
      expect((await leaderboardOf(owner, challenge.id)).me).toEqual({ rank: 1, score: 1 });
    });

    it('backfills a joining member from the activity already in the period', async () => {
      const owner = await bed.addUser();
      const joiner = await bed.addUser();
      await completeTask(joiner, newId(), daysFromNow(-6));
      await completeTask(joiner, newId(), daysFromNow(-3));
      await completeTask(joiner, newId(), daysFromNow(-30));
      await bed.settle();
      const challenge = await createChallenge(owner, { target: 10 });

      const { challenge: joined } = await bed.call(analyticsRpc.joinChallenge, {
        userId: joiner.id,
        challengeId: challenge.id,
      });
      expect(joined.me).toEqual({ score: 2, rank: 1, completedAt: null });
      expect(joined.memberCount).toBe(2);
      // Joining twice is a no-op.
      await bed.call(analyticsRpc.joinChallenge, { userId: joiner.id, challengeId: challenge.id });
      expect((await leaderboardOf(joiner, challenge.id)).me).toEqual({ rank: 1, score: 2 });

      // Later activity keeps counting.
      await completeTask(joiner, newId(), daysFromNow(0));
      await bed.settle();
      expect((await leaderboardOf(joiner, challenge.id)).me).toEqual({ rank: 1, score: 3 });
    });

    it('never double counts duplicated or redelivered events', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 10 });
      const first = await completeTask(owner, newId(), daysFromNow(-2));
      const second = await completeTask(owner, newId(), daysFromNow(-1));
      await bed.settle();
      await bed.republish('content', first);
      await bed.republish('content', second);
      await bed.republish('content', first);
      await bed.settle();
      expect((await leaderboardOf(owner, challenge.id)).me).toEqual({ rank: 1, score: 2 });
      expect(await bed.count('challenge_progress', 'WHERE challenge_id = $1', [challenge.id])).toBe(2);
    });

    it("counts nobody else's activity, nor for challenges one is not in", async () => {
      const [owner, outsider] = await Promise.all([bed.addUser(), bed.addUser()]);
      const mine = await createChallenge(owner, { target: 10 });
      const theirs = await createChallenge(outsider, { target: 10, metric: 'notes_created' });
      await completeTask(outsider, newId(), daysFromNow(-1));
      await completeTask(owner, newId(), daysFromNow(-1));
      await bed.settle();
      expect((await leaderboardOf(owner, mine.id)).items.map((item) => [item.userId, item.score])).toEqual([
        [owner.id, 1],
      ]);
      expect((await leaderboardOf(owner, theirs.id)).items.map((item) => [item.userId, item.score])).toEqual([
        [outsider.id, 0],
      ]);
    });

    it('repairs a leaderboard entry Redis lost when the event is delivered again', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 10 });
      await completeTask(owner, newId(), daysFromNow(-2));
      const last = await completeTask(owner, newId(), daysFromNow(-1));
      await bed.settle();
      expect((await leaderboardOf(owner, challenge.id)).me).toEqual({ rank: 1, score: 2 });
      // As if the process died between commit and Redis: the board is complete but lacks the entry.
      const board = `${bed.prefix}{challenge:${challenge.id}}:leaderboard`;
      const member = await bed.redis.hget(`${board}:members`, owner.id);
      await bed.redis.zrem(board, member!);
      await bed.redis.hdel(`${board}:members`, owner.id);
      // Somebody else's read leaves the board alone (the caller's own read would mend their entry).
      const viewer = await bed.addUser();
      expect((await leaderboardOf(viewer, challenge.id)).total).toBe(0);

      await bed.republish('content', last);
      await bed.settle();
      expect(await leaderboardOf(viewer, challenge.id)).toMatchObject({
        items: [{ rank: 1, userId: owner.id, score: 2 }],
        total: 1,
      });
    });

    it("mends the caller's own entry when Redis disagrees with Postgres", async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 10 });
      await completeTask(owner, newId(), daysFromNow(-1));
      await bed.settle();
      const board = `${bed.prefix}{challenge:${challenge.id}}:leaderboard`;
      await bed.redis.zrem(board, (await bed.redis.hget(`${board}:members`, owner.id))!);
      await bed.redis.hdel(`${board}:members`, owner.id);
      expect((await leaderboardOf(owner, challenge.id)).me).toEqual({ rank: 1, score: 1 });
    });

    it('moves the time a score was reached earlier when an earlier event arrives late', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 2 });
      const taskId = newId();
      await completeTask(owner, taskId, daysFromNow(-1));
      await completeTask(owner, newId(), daysFromNow(-3));
      await bed.settle();
      const lateButEarlier = daysFromNow(-2);
      await completeTask(owner, taskId, lateButEarlier);
      await bed.settle();
      const { challenge: seen } = await bed.call(analyticsRpc.getChallenge, {
        userId: owner.id,
        challengeId: challenge.id,
      });
      expect(seen.me).toEqual({ score: 2, rank: 1, completedAt: lateButEarlier.toISOString() });
      expect(await completedEventsFor(challenge.id, owner.id)).toBe(1);
    });
    it('counts a burst of events from many members exactly, duplicates included', async () => {
      const owner = await bed.addUser();
      const members = await Promise.all([bed.addUser(), bed.addUser(), bed.addUser(), bed.addUser()]);
      const challenge = await createChallenge(owner, { target: 8 });
      for (const member of members) {
        await bed.call(analyticsRpc.joinChallenge, { userId: member.id, challengeId: challenge.id });
      }
      const published = await Promise.all(
        members.flatMap((member, index) =>
          Array.from({ length: 5 + index * 2 }, (_, n) =>
            completeTask(member, newId(), daysFromNow(-1 - n / 24)),
          ),
        ),
      );
      await Promise.all(published.map((envelope) => bed.republish('content', envelope)));
      await bed.settle();
      const board = await leaderboardOf(owner, challenge.id);
      expect(board.items.map((item) => [item.userId, item.score, item.completed])).toEqual([
        [members[3].id, 11, true],
        [members[2].id, 9, true],
        [members[1].id, 7, false],
        [members[0].id, 5, false],
        [owner.id, 0, false],
      ]);
      for (const member of members) {
        expect(await completedEventsFor(challenge.id, member.id)).toBe(
          member === members[2] || member === members[3] ? 1 : 0,
        );
      }
    });
  });

  describe('challenge.completed', () => {
    it('is written to the outbox exactly once, the first time the score reaches the target', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 2, title: 'Two tasks' });
      const firstAt = daysFromNow(-3);
      const reachedAt = daysFromNow(-2);
      const first = await completeTask(owner, newId(), firstAt);
      await bed.settle();
      expect(await completedEventsFor(challenge.id, owner.id)).toBe(0);

      const second = await completeTask(owner, newId(), reachedAt);
      await bed.settle();
      await bed.republish('content', first);
      await bed.republish('content', second);
      await completeTask(owner, newId(), daysFromNow(-1));
      await bed.settle();

      expect(await completedEventsFor(challenge.id, owner.id)).toBe(1);
      const [event] = await bed.query<{ data: unknown; actor: string }>(
        `SELECT data, actor FROM analytics.outbox WHERE type = 'challenge.completed' AND data->>'challengeId' = $1`,
        [challenge.id],
      );
      expect(event).toEqual({
        actor: owner.id,
        data: {
          userId: owner.id,
          challengeId: challenge.id,
          title: 'Two tasks',
          metric: 'tasks_completed',
          target: 2,
          score: 2,
          completedAt: reachedAt.toISOString(),
        },
      });
      const { challenge: seen } = await bed.call(analyticsRpc.getChallenge, {
        userId: owner.id,
        challengeId: challenge.id,
      });
      expect(seen.me).toEqual({ score: 3, rank: 1, completedAt: reachedAt.toISOString() });
      expect((await leaderboardOf(owner, challenge.id)).items[0].completed).toBe(true);
    });

    it('is written when a join backfill already reaches the target', async () => {
      const owner = await bed.addUser();
      const joiner = await bed.addUser();
      await completeTask(joiner, newId(), daysFromNow(-2));
      await bed.settle();
      const challenge = await createChallenge(owner, { target: 1 });
      await bed.call(analyticsRpc.joinChallenge, { userId: joiner.id, challengeId: challenge.id });
      expect(await completedEventsFor(challenge.id, joiner.id)).toBe(1);
      expect(await completedEventsFor(challenge.id, owner.id)).toBe(0);
    });
  });

  describe('leaderboard', () => {
    let owner: BedUser;
    let early: BedUser;
    let late: BedUser;
    let tiedA: BedUser;
    let tiedB: BedUser;
    let idle: BedUser;
    let challengeId: string;

    beforeAll(async () => {
      owner = await bed.addUser();
      [early, late, tiedA, tiedB, idle] = await Promise.all([
        bed.addUser(),
        bed.addUser(),
        bed.addUser(),
        bed.addUser(),
        bed.addUser(),
      ]);
      challengeId = (await createChallenge(owner, { target: 3 })).id;
      for (const user of [early, late, tiedA, tiedB, idle]) {
        await bed.call(analyticsRpc.joinChallenge, { userId: user.id, challengeId });
      }
      // Two each for early and late; early reached 2 first.
      await completeTask(early, newId(), daysFromNow(-5));
      await completeTask(early, newId(), daysFromNow(-4));
      await completeTask(late, newId(), daysFromNow(-5));
      await completeTask(late, newId(), daysFromNow(-3));
      // One each, at the very same moment: the smaller user id ranks first.
      const sameMoment = daysFromNow(-2);
      await completeTask(tiedA, newId(), sameMoment);
      await completeTask(tiedB, newId(), sameMoment);
      await bed.settle();
    });

    /** The expected order: score desc, earlier reached first, then user id; owner and idle have 0. */
    function expectedOrder(): BedUser[] {
      const tied = [tiedA, tiedB].sort((a, b) => (a.id < b.id ? -1 : 1));
      const zero = [owner, idle].sort((a, b) => (a.id < b.id ? -1 : 1));
      return [early, late, ...tied, ...zero];
    }

    it('ranks by score, then who reached it first, then user id, with distinct ranks', async () => {
      const board = await leaderboardOf(owner, challengeId);
      expect(board.total).toBe(6);
      expect(board.items.map((item) => [item.rank, item.userId, item.score])).toEqual(
        expectedOrder().map((user, index) => [index + 1, user.id, [2, 2, 1, 1, 0, 0][index]]),
      );
      expect(board.items[0]).toMatchObject({
        username: early.username,
        displayName: early.displayName,
        completed: false,
      });
      const ownerRank = expectedOrder().indexOf(owner) + 1;
      expect(board.me).toEqual({ rank: ownerRank, score: 0 });
    });

    it('gives the rank on the challenge view too', async () => {
      for (const [index, user] of expectedOrder().entries()) {
        const { challenge } = await bed.call(analyticsRpc.getChallenge, { userId: user.id, challengeId });
        expect(challenge.me?.rank).toBe(index + 1);
      }
    });

    it('around=me gives the neighbours either side and me', async () => {
      const order = expectedOrder();
      const third = order[2];
      const board = await leaderboardOf(third, challengeId, { around: 'me', limit: 2 });
      expect(board.items.map((item) => item.userId)).toEqual([order[1].id, order[2].id]);
      expect(board.me).toEqual({ rank: 3, score: 1 });
      const wider = await leaderboardOf(third, challengeId, { around: 'me', limit: 4 });
      expect(wider.items.map((item) => item.rank)).toEqual([1, 2, 3, 4]);
      const top = await leaderboardOf(early, challengeId, { around: 'me', limit: 3 });
      expect(top.items.map((item) => item.rank)).toEqual([1, 2, 3]);
      const limited = await leaderboardOf(owner, challengeId, { limit: 2 });
      expect(limited.items.map((item) => item.userId)).toEqual([order[0].id, order[1].id]);
      expect(limited.total).toBe(6);
    });

    it('gives me: null to a viewer who does not take part', async () => {
      const viewer = await bed.addUser();
      const board = await leaderboardOf(viewer, challengeId, { around: 'me' });
      expect(board.me).toBeNull();
      expect(board.items).toHaveLength(6);
    });

    it('is rebuilt from Postgres when Redis lost it', async () => {
      const before = await leaderboardOf(owner, challengeId);
      const keys = await bed.redis.keys(`${bed.prefix}{challenge:${challengeId}}*`);
      expect(keys.length).toBeGreaterThan(0);
      await bed.redis.del(...keys);
      expect(await leaderboardOf(owner, challengeId)).toEqual(before);
    });

    it('drops a member who leaves, with their progress', async () => {
      const leaver = await bed.addUser();
      const challenge = await createChallenge(leaver, { target: 5 });
      await completeTask(leaver, newId(), daysFromNow(-1));
      await bed.settle();
      expect((await leaderboardOf(leaver, challenge.id)).total).toBe(1);

      await bed.call(analyticsRpc.leaveChallenge, { userId: leaver.id, challengeId: challenge.id });
      const board = await leaderboardOf(leaver, challenge.id);
      expect(board).toEqual({ items: [], me: null, total: 0 });
      expect(await bed.count('challenge_progress', 'WHERE challenge_id = $1', [challenge.id])).toBe(0);
      const { challenge: seen } = await bed.call(analyticsRpc.getChallenge, {
        userId: leaver.id,
        challengeId: challenge.id,
      });
      expect(seen).toMatchObject({ me: null, memberCount: 0 });
      // Leaving twice is a no-op.
      await bed.call(analyticsRpc.leaveChallenge, { userId: leaver.id, challengeId: challenge.id });
    });

    it('mends entries that disagree with Postgres for every reader (a lost leave, a stale merge)', async () => {
      const [host, stayer, leaver] = [await bed.addUser(), await bed.addUser(), await bed.addUser()];
      const challenge = await createChallenge(host, { target: 10 });
      for (const person of [stayer, leaver]) {
        await bed.call(analyticsRpc.joinChallenge, { userId: person.id, challengeId: challenge.id });
      }
      await completeTask(stayer, newId(), daysFromNow(-1));
      for (let index = 0; index < 3; index += 1) await completeTask(leaver, newId(), daysFromNow(-1));
      await bed.settle();
      const board = `${bed.prefix}{challenge:${challenge.id}}:leaderboard`;
      const boardBefore = await bed.redis.zrevrange(board, 0, -1, 'WITHSCORES');
      await bed.call(analyticsRpc.leaveChallenge, { userId: leaver.id, challengeId: challenge.id });
      // As if an ingest's after-commit merge, read before the leave, landed after it.
      await bed.redis.zadd(board, boardBefore[1], boardBefore[0]);
      await bed.redis.hset(`${board}:members`, leaver.id, boardBefore[0]);

      const seen = await leaderboardOf(host, challenge.id);
      expect(seen.items.map((item) => [item.userId, item.score])).toEqual([
        [stayer.id, 1],
        [host.id, 0],
      ]);
      expect(seen.total).toBe(2);

      // Rejoining scores again from the activity, over nothing stale.
      await bed.call(analyticsRpc.joinChallenge, { userId: leaver.id, challengeId: challenge.id });
      expect((await leaderboardOf(leaver, challenge.id)).me).toEqual({ rank: 1, score: 3 });
    });
  });

  describe('visibility', () => {
    let owner: BedUser;
    let invitee: BedUser;
    let stranger: BedUser;
    let secretId: string;
    let publicId: string;

    beforeAll(async () => {
      [owner, invitee, stranger] = await Promise.all([bed.addUser(), bed.addUser(), bed.addUser()]);
      secretId = (
        await createChallenge(owner, { visibility: 'invite', invitees: [invitee.id], title: 'Secret' })
      ).id;
      publicId = (await createChallenge(owner, { title: 'Open' })).id;
    });

    async function listedIds(user: BedUser, extra: { joined?: boolean } = {}): Promise<string[]> {
      const page = await bed.call(analyticsRpc.listChallenges, { userId: user.id, limit: 200, ...extra });
      return page.items.map((item) => item.id);
    }

    it('hides an invite-only challenge from everybody but its owner, invitees and members', async () => {
      expect(await listedIds(owner)).toEqual(expect.arrayContaining([secretId, publicId]));
      expect(await listedIds(invitee)).toEqual(expect.arrayContaining([secretId, publicId]));
      const strangers = await listedIds(stranger);
      expect(strangers).toContain(publicId);
      expect(strangers).not.toContain(secretId);

      const challengeId = secretId;
      const refusals = [
        await bed.failure(analyticsRpc.getChallenge, { userId: stranger.id, challengeId }),
        await bed.failure(analyticsRpc.leaderboard, { userId: stranger.id, challengeId }),
        await bed.failure(analyticsRpc.joinChallenge, { userId: stranger.id, challengeId }),
        await bed.failure(analyticsRpc.leaveChallenge, { userId: stranger.id, challengeId }),
        await bed.failure(analyticsRpc.inviteToChallenge, {
          userId: stranger.id,
          challengeId,
          userIds: [stranger.id],
        }),
      ];
      expect(refusals.map((error) => error.code)).toEqual(Array(5).fill('NOT_FOUND'));
      expect(
        (await bed.failure(analyticsRpc.getChallenge, { userId: stranger.id, challengeId: newId() })).code,
      ).toBe('NOT_FOUND');
    });

    it('lets an invitee see and join it, and only the owner invite', async () => {
      const { challenge } = await bed.call(analyticsRpc.getChallenge, {
        userId: invitee.id,
        challengeId: secretId,
      });
      expect(challenge).toMatchObject({ title: 'Secret', visibility: 'invite', ownerId: owner.id, me: null });
      expect(
        (
          await bed.failure(analyticsRpc.inviteToChallenge, {
            userId: invitee.id,
            challengeId: secretId,
            userIds: [stranger.id],
          })
        ).code,
      ).toBe('FORBIDDEN');

      expect(await listedIds(invitee, { joined: true })).not.toContain(secretId);
      await bed.call(analyticsRpc.joinChallenge, { userId: invitee.id, challengeId: secretId });
      expect(await listedIds(invitee, { joined: true })).toContain(secretId);
      expect(await listedIds(invitee, { joined: false })).not.toContain(secretId);
      expect((await leaderboardOf(invitee, secretId)).total).toBe(2);

      const invited = await bed.call(analyticsRpc.inviteToChallenge, {
        userId: owner.id,
        challengeId: secretId,
        userIds: [stranger.id],
      });
      expect(invited.challenge.id).toBe(secretId);
      expect(await listedIds(stranger)).toContain(secretId);
    });

    it('lets anybody see and join a public challenge', async () => {
      const someone = await bed.addUser();
      const { challenge } = await bed.call(analyticsRpc.joinChallenge, {
        userId: someone.id,
        challengeId: publicId,
      });
      expect(challenge.me).toMatchObject({ score: 0, completedAt: null });
      expect(challenge.memberCount).toBe(2);
    });

    it('filters by status and pages with a cursor', async () => {
      const lister = await bed.addUser();
      const upcoming = await createChallenge(lister, {
        visibility: 'invite',
        startsAt: daysFromNow(2).toISOString(),
        endsAt: daysFromNow(5).toISOString(),
      });
      const active = await createChallenge(lister, { visibility: 'invite' });
      expect(upcoming.status).toBe('upcoming');
      const upcomingIds = (
        await bed.call(analyticsRpc.listChallenges, { userId: lister.id, status: 'upcoming', joined: true })
      ).items.map((item) => item.id);
      expect(upcomingIds).toEqual([upcoming.id]);

      const first = await bed.call(analyticsRpc.listChallenges, {
        userId: lister.id,
        joined: true,
        limit: 1,
      });
      expect(first.items.map((item) => item.id)).toEqual([active.id]);
      expect(first.nextCursor).not.toBeNull();
      const second = await bed.call(analyticsRpc.listChallenges, {
        userId: lister.id,
        joined: true,
        limit: 1,
        cursor: first.nextCursor!,
      });
      expect(second.items.map((item) => item.id)).toEqual([upcoming.id]);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses cursors it did not hand out, however plausible', async () => {
      const lister = await bed.addUser();
      const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
      for (const cursor of [
        'not-a-cursor',
        forged(['1', '00000000-0000-0000-0000-000000000000']),
        forged(['2026-01-01T00:00:00.000Z', '-'.repeat(36)]),
        forged(['2026-13-45T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
      ]) {
        const error = await bed.failure(analyticsRpc.listChallenges, { userId: lister.id, cursor });
        expect([error.code, fieldsOf(error)]).toEqual(['VALIDATION', ['cursor']]);
      }
    });

    it('refuses to join an ended challenge', async () => {
      const challenge = await createChallenge(owner);
      await bed.query(
        `UPDATE analytics.challenges SET starts_at = now() - interval '20 days', ends_at = now() - interval '1 day'
          WHERE id = $1`,
        [challenge.id],
      );
      const joiner = await bed.addUser();
      expect(
        (await bed.failure(analyticsRpc.joinChallenge, { userId: joiner.id, challengeId: challenge.id }))
          .code,
      ).toBe('CONFLICT');
    });
  });

  describe('creating', () => {
    it('has the owner join at once and answers an Idempotency-Key replay with the first challenge', async () => {
      const owner = await bed.addUser();
      const request = {
        userId: owner.id,
        title: 'Notes week',
        metric: 'notes_created' as const,
        target: 7,
        startsAt: daysFromNow(-1).toISOString(),
        endsAt: daysFromNow(6).toISOString(),
        visibility: 'public' as const,
        idempotencyKey: 'create-1',
      };
      const first = await bed.call(analyticsRpc.createChallenge, request);
      expect(first.created).toBe(true);
      expect(first.challenge).toMatchObject({
        title: 'Notes week',
        description: '',
        ownerId: owner.id,
        memberCount: 1,
        me: { score: 0, rank: 1, completedAt: null },
      });
      const again = await bed.call(analyticsRpc.createChallenge, request);
      expect(again).toEqual({ challenge: first.challenge, created: false });
      expect(await bed.count('challenges', 'WHERE owner_id = $1', [owner.id])).toBe(1);

      const changed = await bed.failure(analyticsRpc.createChallenge, { ...request, target: 8 });
      expect(changed.code).toBe('VALIDATION');
      expect(fieldsOf(changed)).toEqual(['Idempotency-Key']);
    });

    it.each([
      [
        'an end before the start',
        { startsAt: daysFromNow(3), endsAt: daysFromNow(2) },
        'VALIDATION',
        ['endsAt'],
      ],
      [
        'an end in the past',
        { startsAt: daysFromNow(-5), endsAt: daysFromNow(-1) },
        'VALIDATION',
        ['endsAt'],
      ],
      [
        'a period too long',
        { startsAt: daysFromNow(-1), endsAt: daysFromNow(400) },
        'VALIDATION',
        ['endsAt'],
      ],
      ['an impossible date', { startsAt: '2026-02-30T00:00:00Z' }, 'INVALID_REQUEST', ['startsAt']],
      ['a target of zero', { target: 0 }, 'INVALID_REQUEST', ['target']],
      ['a fractional target', { target: 1.5 }, 'INVALID_REQUEST', ['target']],
    ])('refuses %s naming the field', async (_case, overrides, code, fields) => {
      const owner = await bed.addUser();
      const times = Object.fromEntries(
        Object.entries(overrides).map(([key, value]) => [
          key,
          value instanceof Date ? value.toISOString() : value,
        ]),
      );
      const error = await bed.failure(analyticsRpc.createChallenge, {
        userId: owner.id,
        title: 'Bad',
        metric: 'tasks_completed',
        target: 3,
        startsAt: daysFromNow(-1).toISOString(),
        endsAt: daysFromNow(1).toISOString(),
        visibility: 'public',
        ...times,
      });
      expect(error.code).toBe(code);
      expect(refusedFields(error)).toEqual(fields);
      expect(await bed.count('challenges', 'WHERE owner_id = $1', [owner.id])).toBe(0);
    });

    // The bed runs no auth service: who exists cannot be told (the gateway tests refuse unknown people with 422).
    it('does not call invitees unknown while auth cannot say who exists, and stores nothing', async () => {
      const owner = await bed.addUser();
      const error = await bed.failure(analyticsRpc.createChallenge, {
        userId: owner.id,
        title: 'Secret',
        metric: 'tasks_completed',
        target: 3,
        startsAt: daysFromNow(-1).toISOString(),
        endsAt: daysFromNow(1).toISOString(),
        visibility: 'invite',
        invitees: [newId()],
      });
      expect(error.code).toBe('RPC_TIMEOUT');
      expect(await bed.count('challenges', 'WHERE owner_id = $1', [owner.id])).toBe(0);
    });
  });

  describe('rebuilding', () => {
    /** Every challenge's standings and progress, and every leaderboard as a reader sees it. */
    async function snapshot(): Promise<unknown> {
      const members = await bed.query(
        `SELECT challenge_id, user_id, score, reached_at, completed_at FROM analytics.challenge_members
          ORDER BY 1, 2`,
      );
      const progress = await bed.query(
        'SELECT challenge_id, user_id, subject_id, occurred_at FROM analytics.challenge_progress ORDER BY 1, 2, 3',
      );
      const boards: Record<string, unknown> = {};
      for (const { id, owner_id } of await bed.query<{ id: string; owner_id: string }>(
        'SELECT id, owner_id FROM analytics.challenges ORDER BY id',
      )) {
        const board = `${bed.prefix}{challenge:${id}}:leaderboard`;
        boards[id] = {
          entries: await bed.redis.zrevrange(board, 0, -1, 'WITHSCORES'),
          answer: await bed.call(analyticsRpc.leaderboard, { userId: owner_id, challengeId: id, limit: 200 }),
        };
      }
      return { members, progress, boards };
    }

    it('recomputes exactly the live progress, standings and leaderboards from the activity', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 2 });
      await completeTask(owner, newId(), daysFromNow(-2));
      await completeTask(owner, newId(), daysFromNow(-1));
      await bed.settle();
      const live = await snapshot();
      expect(
        await bed.count('challenge_members', 'WHERE challenge_id = $1 AND completed_at IS NOT NULL', [
          challenge.id,
        ]),
      ).toBe(1);

      // Lose the derived state: progress, standings and Redis.
      await bed.query('DELETE FROM analytics.challenge_progress');
      await bed.query(
        'UPDATE analytics.challenge_members SET score = 0, reached_at = NULL, completed_at = NULL',
      );
      const keys = await bed.redis.keys(`${bed.prefix}{challenge:*`);
      if (keys.length > 0) await bed.redis.del(...keys);
      const outboxBefore = await bed.count('outbox', "WHERE type = 'challenge.completed'");

      const progress = bed.analytics!.get(ChallengeProgress, { strict: false });
      await bed
        .analytics!.get(DatabaseConnector, { strict: false })
        .dataSource.transaction((manager) => progress.rebuildAll(manager));
      await progress.syncAllLeaderboards();

      expect(await snapshot()).toEqual(live);
      // A rebuild announces nothing: those completions were announced when they happened.
      expect(await bed.count('outbox', "WHERE type = 'challenge.completed'")).toBe(outboxBefore);
    });

    it('keeps the standings of challenges that started before retention, whose activity is gone', async () => {
      const owner = await bed.addUser();
      const challenge = await createChallenge(owner, { target: 1 });
      const task = newId();
      await completeTask(owner, task, daysFromNow(-1));
      await bed.settle();
      // As if it all happened 800 days ago and retention (730 days) has deleted the activity since.
      await bed.query(
        `UPDATE analytics.challenges SET starts_at = starts_at - interval '800 days',
                ends_at = starts_at - interval '790 days' WHERE id = $1`,
        [challenge.id],
      );
      await bed.query('DELETE FROM analytics.activity WHERE user_id = $1', [owner.id]);
      const standing = () =>
        bed.query('SELECT score, completed_at FROM analytics.challenge_members WHERE challenge_id = $1', [
          challenge.id,
        ]);
      const before = await standing();
      expect(before).toMatchObject([{ score: 1 }]);
      expect((before[0] as { completed_at: unknown }).completed_at).toBeInstanceOf(Date);

      const progress = bed.analytics!.get(ChallengeProgress, { strict: false });
      await bed
        .analytics!.get(DatabaseConnector, { strict: false })
        .dataSource.transaction((manager) => progress.rebuildAll(manager));

      expect(await standing()).toEqual(before);
      expect(await bed.count('challenge_progress', 'WHERE challenge_id = $1', [challenge.id])).toBe(1);
    });
  });
});
