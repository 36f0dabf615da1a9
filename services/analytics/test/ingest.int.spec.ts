import {
  authEvent,
  contentEvent,
  type Envelope,
  messagingEvent,
  STREAK_ACTIVITY_TYPES,
} from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { DataSource } from 'typeorm';
import { UserDirectory } from '../src/directory/user-directory';
import { IngestActivityUseCase } from '../src/ingest/ingest-activity.use-case';
import { PurgeExpiredActivityUseCase } from '../src/ingest/purge-expired-activity.use-case';
import { RollupRepository } from '../src/ingest/rollup.repository';
import {
  AnalyticsTestBed,
  bookmarkView,
  fileView,
  messageView,
  newId,
  noteView,
  taskView,
} from './analytics-test-bed';

interface StoredActivity {
  event_id: string;
  type: string;
  occurred_at: string;
  local_day: string;
  subject_id: string | null;
  tags: string[];
  domain: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const conversationId = '00000000-0000-4000-8000-00000000c0de';

describe('analytics ingest', () => {
  let bed: AnalyticsTestBed;

  beforeAll(async () => {
    bed = await AnalyticsTestBed.start('analytics-ingest');
  });

  afterAll(async () => {
    await bed.close();
  });

  async function activityOf(userId: string): Promise<StoredActivity[]> {
    return bed.query<StoredActivity>(
      `SELECT event_id, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
              local_day::text AS local_day, subject_id, tags, domain
         FROM analytics.activity WHERE user_id = $1 ORDER BY occurred_at, type`,
      [userId],
    );
  }

  async function hourlyOf(userId: string): Promise<{ type: string; hour: string; count: number }[]> {
    return bed.query(
      `SELECT type, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS hour, count::int AS count
         FROM analytics.activity_hourly WHERE user_id = $1 ORDER BY hour, type`,
      [userId],
    );
  }

  async function activeDaysOf(userId: string): Promise<{ day: string; count: number }[]> {
    return bed.query(
      'SELECT day::text AS day, count FROM analytics.active_days WHERE user_id = $1 ORDER BY day',
      [userId],
    );
  }

  /** The rollups must always equal what the remaining activity gives (what a rebuild computes). */
  async function expectRollupsToMatchActivity(userId: string): Promise<void> {
    expect(await hourlyOf(userId)).toEqual(
      await bed.query(
        `SELECT type, to_char(date_trunc('hour', occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS hour,
                count(*)::int AS count
           FROM analytics.activity WHERE user_id = $1 GROUP BY 1, 2 ORDER BY 2, 1`,
        [userId],
      ),
    );
    expect(await activeDaysOf(userId)).toEqual(
      await bed.query(
        `SELECT local_day::text AS day, count(*)::int AS count FROM analytics.activity
          WHERE user_id = $1 AND type = ANY($2::text[]) GROUP BY 1 ORDER BY 1`,
        [userId, STREAK_ACTIVITY_TYPES],
      ),
    );
  }

  it('records one row per activity event, with its subject, tags and domain, and nothing for the rest', async () => {
    const user = await bed.addUser();
    const other = await bed.addUser();
    const [bookmark, imported, note, task, done, file, message] = Array.from({ length: 7 }, newId);
    const minute = (n: number) => new Date(Date.parse('2026-11-10T09:00:00.000Z') + n * 60_000).toISOString();
    const userId = user.id;
    const published: Envelope[] = [];
    const add = async (promise: Promise<Envelope>) => published.push(await promise);

    await add(
      bed.publish(
        authEvent.sessionCreated,
        { userId, sessionId: 'session-1', ip: '127.0.0.1', userAgent: 'jest' },
        { at: minute(0) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.bookmarkCreated,
        {
          userId,
          bookmark: bookmarkView(bookmark, minute(1), ['news', 'tech'], 'news.example'),
          source: 'api',
        },
        { at: minute(1) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.bookmarkCreated,
        { userId, bookmark: bookmarkView(imported, minute(2), ['old'], 'archive.example'), source: 'import' },
        { at: minute(2) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.bookmarkUpdated,
        {
          userId,
          bookmark: bookmarkView(bookmark, minute(3), ['news'], 'news.example', 2),
          changed: ['tags'],
        },
        { at: minute(3) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.noteCreated,
        { userId, note: noteView(note, minute(4), ['ideas']) },
        { at: minute(4) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.noteUpdated,
        { userId, note: noteView(note, minute(5), ['ideas'], 2), changed: ['body'] },
        { at: minute(5) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.taskCreated,
        { userId, task: taskView(task, minute(6), ['work']) },
        { at: minute(6) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.taskUpdated,
        { userId, task: taskView(task, minute(7), ['work'], false, 2), changed: ['title'] },
        { at: minute(7) },
      ),
    );
    await add(
      bed.publish(contentEvent.taskCreated, { userId, task: taskView(done, minute(8)) }, { at: minute(8) }),
    );
    // A completion arrives as task.updated (status only, not recorded) and then task.completed.
    await add(
      bed.publish(
        contentEvent.taskUpdated,
        {
          userId,
          task: taskView(done, minute(9), [], true, 2),
          changed: ['status', 'completedAt', 'version', 'updatedAt'],
        },
        { at: minute(9) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.taskCompleted,
        { userId, task: taskView(done, minute(9), [], true, 2) },
        { at: minute(9) },
      ),
    );
    await add(
      bed.publish(
        contentEvent.fileUploaded,
        { userId, file: fileView(file, minute(10), ['docs']) },
        { at: minute(10) },
      ),
    );
    await add(
      bed.publish(
        messagingEvent.messageCreated,
        {
          conversationId,
          seq: 1,
          at: minute(11),
          actorId: userId,
          type: 'message:created',
          message: messageView(message, conversationId, userId, minute(11), 1),
        },
        { at: minute(11), actor: userId },
      ),
    );
    // The reactor is credited, not the message's sender.
    await add(
      bed.publish(
        messagingEvent.reactionAdded,
        {
          conversationId,
          seq: 2,
          at: minute(12),
          actorId: userId,
          type: 'reaction:added',
          messageId: message,
          emoji: '🎉',
          userId,
          reactions: [{ emoji: '🎉', count: 1, userIds: [userId] }],
        },
        { at: minute(12), actor: userId },
      ),
    );
    await bed.publish(
      messagingEvent.reactionAdded,
      {
        conversationId,
        seq: 3,
        at: minute(12),
        actorId: other.id,
        type: 'reaction:added',
        messageId: message,
        emoji: '👍',
        userId: other.id,
        reactions: [{ emoji: '👍', count: 1, userIds: [other.id] }],
      },
      { at: minute(12), actor: other.id },
    );
    // None of these is activity.
    const tagId = newId();
    await bed.publish(
      contentEvent.fileUpdated,
      { userId, file: fileView(file, minute(13), ['docs'], 2), changed: ['name'] },
      { at: minute(13) },
    );
    await bed.publish(
      contentEvent.tagRenamed,
      { userId, tagId, oldName: 'news', newName: 'press' },
      { at: minute(14) },
    );
    await bed.publish(
      contentEvent.tagMerged,
      { userId, fromId: newId(), fromName: 'tech', intoId: tagId, intoName: 'press' },
      { at: minute(14) },
    );
    await bed.publish(contentEvent.tagDeleted, { userId, tagId, name: 'press' }, { at: minute(15) });
    await bed.publish(contentEvent.bookmarkDeleted, { userId, id: imported, version: 2 }, { at: minute(16) });
    await bed.publish(contentEvent.noteDeleted, { userId, id: note, version: 3 }, { at: minute(16) });
    await bed.publish(contentEvent.taskDeleted, { userId, id: task, version: 3 }, { at: minute(16) });
    await bed.publish(contentEvent.fileDeleted, { userId, id: file, version: 3 }, { at: minute(16) });
    await bed.settle();

    const [signIn, saved, importedEvent, updated, noteCreated, noteUpdated, taskCreated, taskUpdated] =
      published;
    const [doneCreated, , completed, uploaded, sent, reacted] = published.slice(8);
    const row = (
      event: Envelope,
      type: string,
      subject: string | null,
      tags: string[] = [],
      domain: string | null = null,
    ) => ({
      event_id: event.id,
      type,
      occurred_at: event.ts,
      local_day: '2026-11-10',
      subject_id: subject,
      tags,
      domain,
    });
    expect(await activityOf(userId)).toEqual([
      row(signIn, 'signed_in', null),
      row(saved, 'bookmark_saved', bookmark, ['news', 'tech'], 'news.example'),
      row(importedEvent, 'bookmark_imported', imported, ['old'], 'archive.example'),
      row(updated, 'bookmark_updated', bookmark, ['news'], 'news.example'),
      row(noteCreated, 'note_created', note, ['ideas']),
      row(noteUpdated, 'note_updated', note, ['ideas']),
      row(taskCreated, 'task_created', task, ['work']),
      row(taskUpdated, 'task_updated', task, ['work']),
      row(doneCreated, 'task_created', done),
      row(completed, 'task_completed', done),
      row(uploaded, 'file_uploaded', file, ['docs']),
      row(sent, 'message_sent', message),
      row(reacted, 'reaction_added', message),
    ]);
    expect(await bed.count('activity', 'WHERE user_id = $1', [other.id])).toBe(1);

    // Every activity shows in the hourly rollup; only the streak kinds (not sign-in, not import) count a day.
    expect(await hourlyOf(userId)).toEqual(
      [
        'bookmark_imported',
        'bookmark_saved',
        'bookmark_updated',
        'file_uploaded',
        'message_sent',
        'note_created',
        'note_updated',
        'reaction_added',
        'signed_in',
        'task_completed',
        'task_created',
        'task_updated',
      ].map((type) => ({ type, hour: '2026-11-10 09:00', count: type === 'task_created' ? 2 : 1 })),
    );
    expect(await activeDaysOf(userId)).toEqual([{ day: '2026-11-10', count: 11 }]);
  });

  it('never counts an event twice, however often it is delivered', async () => {
    const user = await bed.addUser();
    const note = newId();
    const at = '2026-11-11T23:30:00.000Z';
    const created = await bed.publish(
      contentEvent.noteCreated,
      { userId: user.id, note: noteView(note, at) },
      { at },
    );
    const signIn = await bed.publish(
      authEvent.sessionCreated,
      { userId: user.id, sessionId: 's', ip: null, userAgent: null },
      { at },
    );
    await bed.settle();
    const rows = await activityOf(user.id);
    const hourly = await hourlyOf(user.id);
    const days = await activeDaysOf(user.id);
    expect(rows).toHaveLength(2);
    expect(days).toEqual([{ day: '2026-11-11', count: 1 }]);

    // Redeliveries (the same stream entry again) and late duplicates (the same event re-published).
    for (let round = 0; round < 3; round += 1) {
      await bed.republish('content', created);
      await bed.republish('auth', signIn);
    }
    await bed.publish(
      contentEvent.noteCreated,
      { userId: user.id, note: noteView(note, at) },
      { at, id: created.id },
    );
    await bed.settle();
    // And a redelivery in a later batch than the original, alongside new activity.
    await bed.republish('content', created);
    const later = '2026-11-11T23:45:00.000Z';
    await bed.publish(
      contentEvent.noteUpdated,
      { userId: user.id, note: noteView(note, later, [], 2), changed: ['title'] },
      { at: later },
    );
    await bed.settle();

    expect(await activityOf(user.id)).toEqual([...rows, expect.objectContaining({ type: 'note_updated' })]);
    expect(await activeDaysOf(user.id)).toEqual([{ day: '2026-11-11', count: 2 }]);
    expect(await hourlyOf(user.id)).toEqual(
      [...hourly, { type: 'note_updated', hour: '2026-11-11 23:00', count: 1 }].sort((a, b) =>
        a.type.localeCompare(b.type),
      ),
    );
    await expectRollupsToMatchActivity(user.id);
  });

  it("puts activity on the local day of the person's time zone", async () => {
    const tokyo = await bed.addUser({ timeZone: 'Asia/Tokyo' });
    const newYork = await bed.addUser({ timeZone: 'America/New_York' });
    const kolkata = await bed.addUser({ timeZone: 'Asia/Kolkata' });
    // Never announced by auth: their activity falls on UTC days.
    const stranger = newId();
    const instants = ['2026-11-02T03:30:00.000Z', '2026-11-01T18:45:00.000Z', '2026-11-01T14:59:00.000Z'];
    for (const userId of [tokyo.id, newYork.id, kolkata.id, stranger]) {
      for (const at of instants) {
        await bed.publish(contentEvent.noteCreated, { userId, note: noteView(newId(), at) }, { at });
      }
    }
    await bed.settle();

    const daysOf = async (userId: string) =>
      (await activityOf(userId)).map((row) => [row.occurred_at, row.local_day]);
    // Ordered by time: 14:59Z, 18:45Z on Nov 1, then 03:30Z on Nov 2.
    expect(await daysOf(tokyo.id)).toEqual([
      [instants[2], '2026-11-01'],
      [instants[1], '2026-11-02'],
      [instants[0], '2026-11-02'],
    ]);
    expect(await daysOf(newYork.id)).toEqual([
      [instants[2], '2026-11-01'],
      [instants[1], '2026-11-01'],
      [instants[0], '2026-11-01'],
    ]);
    expect(await daysOf(kolkata.id)).toEqual([
      [instants[2], '2026-11-01'],
      [instants[1], '2026-11-02'],
      [instants[0], '2026-11-02'],
    ]);
    expect(await daysOf(stranger)).toEqual([
      [instants[2], '2026-11-01'],
      [instants[1], '2026-11-01'],
      [instants[0], '2026-11-02'],
    ]);
    expect(await activeDaysOf(tokyo.id)).toEqual([
      { day: '2026-11-01', count: 1 },
      { day: '2026-11-02', count: 2 },
    ]);
    expect(await activeDaysOf(newYork.id)).toEqual([{ day: '2026-11-01', count: 3 }]);
    for (const userId of [tokyo.id, newYork.id, kolkata.id, stranger])
      await expectRollupsToMatchActivity(userId);
  });

  it('keeps the latest profile change, whatever order auth events arrive in', async () => {
    const userId = newId();
    const profile = (timeZone: string, displayName: string) => ({
      userId,
      changed: ['timeZone'],
      username: 'grace',
      displayName,
      avatarUrl: null,
      timeZone,
      locale: 'en',
      role: 'user' as const,
      disabled: false,
    });
    await bed.publish(authEvent.userUpdated, profile('Asia/Tokyo', 'Grace H'), {
      at: '2026-11-01T10:00:00.000Z',
    });
    await bed.settle();
    await bed.publish(
      authEvent.userRegistered,
      { userId, username: 'grace', displayName: 'Grace', role: 'user' },
      { at: '2026-11-01T09:00:00.000Z' },
    );
    await bed.publish(authEvent.userUpdated, profile('America/New_York', 'Old'), {
      at: '2026-11-01T09:30:00.000Z',
    });
    await bed.settle();
    expect(
      await bed.query('SELECT username, display_name, time_zone FROM analytics.users WHERE user_id = $1', [
        userId,
      ]),
    ).toEqual([{ username: 'grace', display_name: 'Grace H', time_zone: 'Asia/Tokyo' }]);
  });

  it('writes hundreds of events published at once, each flush in one transaction', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => bed.addUser()));
    const executions = jest.spyOn(IngestActivityUseCase.prototype, 'execute');
    // Transactions the ingest use case opens (other features open their own, e.g. after commit).
    let ingestTransactions = 0;
    const transaction = DataSource.prototype.transaction;
    const transactions = jest.spyOn(DataSource.prototype, 'transaction').mockImplementation(function (
      this: DataSource,
      ...args: unknown[]
    ) {
      if (new Error().stack?.includes('IngestActivityUseCase.execute')) ingestTransactions += 1;
      return (transaction as (...all: unknown[]) => Promise<unknown>).apply(this, args);
    });
    try {
      // Published while analytics is down, the events reach it in big reads.
      await bed.stopAnalytics();
      const at = new Date('2026-11-12T12:00:00.000Z');
      for (let index = 0; index < 720; index += 1) {
        const sender = users[index % users.length].id;
        const time = new Date(at.getTime() + index * 1000).toISOString();
        await bed.publish(
          messagingEvent.messageCreated,
          {
            conversationId,
            seq: index + 1,
            at: time,
            actorId: sender,
            type: 'message:created',
            message: messageView(newId(), conversationId, sender, time, index + 1),
          },
          { at: time, actor: sender },
        );
      }
      await bed.startAnalytics();
      await bed.settle({ timeoutMs: 60_000 });

      for (const user of users)
        expect(await bed.count('activity', 'WHERE user_id = $1', [user.id])).toBe(120);
      const flushed = executions.mock.calls.map(([facts]) => facts.length);
      expect(flushed.reduce((sum, size) => sum + size, 0)).toBe(720);
      // Batches formed: far fewer flushes than events.
      expect(flushed.length).toBeLessThan(720 / 10);
      expect(ingestTransactions).toBe(flushed.length);
      for (const user of users) {
        expect(await activeDaysOf(user.id)).toEqual([{ day: '2026-11-12', count: 120 }]);
        await expectRollupsToMatchActivity(user.id);
      }
    } finally {
      executions.mockRestore();
      transactions.mockRestore();
    }
  });

  it('retention deletes only raw activity older than the retention period; the rollups stay', async () => {
    const user = await bed.addUser();
    const now = new Date();
    const daysAgo = (days: number, hours = 0) =>
      new Date(now.getTime() - days * DAY_MS - hours * 3_600_000).toISOString();
    const publishNote = (at: string) =>
      bed.publish(contentEvent.noteCreated, { userId: user.id, note: noteView(newId(), at) }, { at });
    // Default retention: 730 days. Every timestamp is more than a day from the others, so each has a day of
    // its own whatever the time of day (before 01:00, 731 days ago and 730 days + 1 h ago share a day).
    const expired = [daysAgo(800), daysAgo(733), daysAgo(730, 1)];
    const kept = [daysAgo(729), daysAgo(1), daysAgo(0)];
    for (const at of [...expired, ...kept]) await publishNote(at);
    await bed.publish(
      authEvent.sessionCreated,
      { userId: user.id, sessionId: 'old', ip: null, userAgent: null },
      { at: daysAgo(800) },
    );
    await bed.settle();
    expect(await bed.count('activity', 'WHERE user_id = $1', [user.id])).toBe(7);
    const othersBefore = await bed.count('activity', 'WHERE user_id <> $1', [user.id]);
    const hourly = await hourlyOf(user.id);
    const days = await activeDaysOf(user.id);
    expect(days.map((day) => day.count)).toEqual([1, 1, 1, 1, 1, 1]);

    const deleted = await bed.analytics!.get(PurgeExpiredActivityUseCase).execute(now);

    expect(deleted).toBe(4);
    expect((await activityOf(user.id)).map((row) => row.occurred_at)).toEqual(kept.sort());
    // The other tests' activity (all recent) is untouched.
    expect(await bed.count('activity', 'WHERE user_id <> $1', [user.id])).toBe(othersBefore);
    // Hourly counts and active days (so streaks) outlive the raw rows, and a rebuild keeps them too.
    expect(await hourlyOf(user.id)).toEqual(hourly);
    expect(await activeDaysOf(user.id)).toEqual(days);
    const dataSource = bed.analytics!.get(DatabaseConnector).dataSource;
    await dataSource.transaction((manager) => bed.analytics!.get(RollupRepository).rebuildAll(manager, now));
    expect(await hourlyOf(user.id)).toEqual(hourly);
    expect(await activeDaysOf(user.id)).toEqual(days);
    // Nothing left to purge.
    expect(await bed.analytics!.get(PurgeExpiredActivityUseCase).execute(now)).toBe(0);
  });

  it('rebuilds the rollups from the activity to exactly what ingest kept', async () => {
    const user = await bed.addUser({ timeZone: 'Asia/Tokyo' });
    for (const at of ['2026-11-13T14:10:00.000Z', '2026-11-13T15:20:00.000Z', '2026-11-13T15:40:00.000Z']) {
      await bed.publish(contentEvent.noteCreated, { userId: user.id, note: noteView(newId(), at) }, { at });
      await bed.publish(
        authEvent.sessionCreated,
        { userId: user.id, sessionId: at, ip: null, userAgent: null },
        { at },
      );
    }
    await bed.settle();
    const everything = async () => ({
      hourly: await bed.query('SELECT * FROM analytics.activity_hourly ORDER BY user_id, hour, type'),
      days: await bed.query('SELECT * FROM analytics.active_days ORDER BY user_id, day'),
    });
    const live = await everything();
    expect(await activeDaysOf(user.id)).toEqual([
      { day: '2026-11-13', count: 1 },
      { day: '2026-11-14', count: 2 },
    ]);
    // Lose and corrupt some of it, then rebuild.
    await bed.query('DELETE FROM analytics.active_days WHERE user_id = $1', [user.id]);
    await bed.query('UPDATE analytics.activity_hourly SET count = count + 5 WHERE user_id = $1', [user.id]);
    await bed.query(`INSERT INTO analytics.active_days (user_id, day, count) VALUES ($1, '2026-11-05', 3)`, [
      newId(),
    ]);
    const dataSource = bed.analytics!.get(DatabaseConnector).dataSource;
    await dataSource.transaction((manager) => bed.analytics!.get(RollupRepository).rebuildAll(manager));
    expect(await everything()).toEqual(live);
  });

  it('names people from the directory copy, leaving out those nobody knows', async () => {
    const ada = await bed.addUser({ username: 'ada', displayName: 'Ada L', timeZone: 'Europe/London' });
    const directory = bed.analytics!.get(UserDirectory);
    const nobody = newId();
    // No auth runs here: the lookup of the unknown id fails and the rest still answers.
    const profiles = await directory.profiles([ada.id, nobody, ada.id]);
    expect([...profiles]).toEqual([
      [ada.id, { username: 'ada', displayName: 'Ada L', timeZone: 'Europe/London' }],
    ]);
    expect(await directory.timeZoneOf(ada.id)).toBe('Europe/London');
    expect(await directory.timeZoneOf(nobody)).toBe('UTC');
  });

  it('hands item snapshots, deletions and tag changes to the items read model', async () => {
    const user = await bed.addUser();
    const userId = user.id;
    const [bookmark, note, task, file] = Array.from({ length: 4 }, newId);
    const at = '2026-11-14T08:00:00.000Z';
    await bed.publish(
      contentEvent.bookmarkCreated,
      { userId, bookmark: bookmarkView(bookmark, at, ['news'], 'news.example'), source: 'import' },
      { at },
    );
    await bed.publish(contentEvent.noteCreated, { userId, note: noteView(note, at, ['news']) }, { at });
    await bed.publish(contentEvent.taskCreated, { userId, task: taskView(task, at, ['work']) }, { at });
    await bed.publish(
      contentEvent.taskUpdated,
      { userId, task: taskView(task, at, ['work'], true, 2), changed: ['status', 'completedAt', 'version'] },
      { at },
    );
    await bed.publish(contentEvent.fileUploaded, { userId, file: fileView(file, at, []) }, { at });
    await bed.publish(
      contentEvent.fileUpdated,
      {
        userId,
        file: { ...fileView(file, at, ['docs'], 2), name: 'renamed.pdf' },
        changed: ['name', 'tags'],
      },
      { at },
    );
    await bed.settle();
    await bed.publish(
      contentEvent.tagRenamed,
      { userId, tagId: newId(), oldName: 'news', newName: 'press' },
      { at },
    );
    await bed.publish(contentEvent.noteDeleted, { userId, id: note, version: 2 }, { at });
    await bed.settle();

    expect(
      await bed.query(
        'SELECT id, type, title, tags, domain, done, version, deleted FROM analytics.items WHERE user_id = $1 ORDER BY type',
        [userId],
      ),
    ).toEqual([
      {
        id: bookmark,
        type: 'bookmark',
        title: 'Read on news.example',
        tags: ['press'],
        domain: 'news.example',
        done: false,
        version: 1,
        deleted: false,
      },
      {
        id: file,
        type: 'file',
        title: 'renamed.pdf',
        tags: ['docs'],
        domain: null,
        done: false,
        version: 2,
        deleted: false,
      },
      { id: note, type: 'note', title: '', tags: [], domain: null, done: false, version: 2, deleted: true },
      {
        id: task,
        type: 'task',
        title: 'A task',
        tags: ['work'],
        domain: null,
        done: true,
        version: 2,
        deleted: false,
      },
    ]);
  });
});
