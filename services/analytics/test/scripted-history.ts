import {
  analyticsRpc,
  authEvent,
  contentEvent,
  type Envelope,
  messagingEvent,
  type BookmarkView,
  type FileView,
  type NoteView,
  type TaskView,
} from '@tracera/contracts';
import { type AnalyticsTestBed, type BedUser, newId } from './analytics-test-bed';

const HOUR_MS = 3_600_000;

/** Item fields every content snapshot carries. */
function itemBase(id: string, tags: string[], at: Date, version: number) {
  const iso = at.toISOString();
  return { id, tags, collectionId: null, createdAt: iso, updatedAt: iso, version };
}

export function bookmarkSnapshot(
  id: string,
  domain: string,
  tags: string[],
  at: Date,
  version = 1,
): BookmarkView {
  return {
    ...itemBase(id, tags, at, version),
    url: `https://${domain}/${id}`,
    domain,
    title: `Reading on ${domain}`,
    description: '',
    faviconUrl: null,
    favorite: false,
    read: false,
    archived: false,
  };
}

export function noteSnapshot(id: string, tags: string[], at: Date, version = 1): NoteView {
  return { ...itemBase(id, tags, at, version), title: `Note ${id.slice(0, 8)}`, body: 'text', pinned: false };
}

export function taskSnapshot(id: string, tags: string[], at: Date, done: boolean, version = 1): TaskView {
  return {
    ...itemBase(id, tags, at, version),
    title: `Task ${id.slice(0, 8)}`,
    description: '',
    status: done ? 'done' : 'todo',
    priority: 'medium',
    dueAt: null,
    parentId: null,
    completedAt: done ? at.toISOString() : null,
  };
}

export function fileSnapshot(id: string, tags: string[], at: Date, version = 1): FileView {
  return {
    ...itemBase(id, tags, at, version),
    name: `file-${id.slice(0, 8)}.pdf`,
    size: 1024,
    contentType: 'application/pdf',
    checksum: 'a'.repeat(64),
    description: '',
  };
}

/** A chat message and a reaction to it by someone else, both at `at`. */
export async function publishChat(
  bed: AnalyticsTestBed,
  sender: string,
  reactor: string,
  at: Date,
  seq: number,
): Promise<Envelope[]> {
  const conversationId = '00000000-0000-4000-8000-00000000c0de';
  const messageId = newId();
  const iso = at.toISOString();
  const sent = await bed.publish(
    messagingEvent.messageCreated,
    {
      conversationId,
      seq,
      at: iso,
      actorId: sender,
      type: 'message:created',
      message: {
        id: messageId,
        conversationId,
        seq,
        senderId: sender,
        body: 'hello',
        attachments: [],
        reactions: [],
        mentions: [],
        clientId: null,
        createdAt: iso,
        editedAt: null,
        deletedAt: null,
      },
    },
    { at },
  );
  const reacted = await bed.publish(
    messagingEvent.reactionAdded,
    {
      conversationId,
      seq: seq + 1,
      at: iso,
      actorId: reactor,
      type: 'reaction:added',
      messageId,
      emoji: '👍',
      userId: reactor,
      reactions: [{ emoji: '👍', count: 1, userIds: [reactor] }],
    },
    { at },
  );
  return [sent, reacted];
}

/**
 * The time `ageMs` before `now`, moved 3 h further back when it lies near an edge of the trending windows
 * (24 h, 168 h) or of the buckets kept (192 h): a bucket leaving one while a test runs would change answers.
 */
function awayFromWindowEdges(now: Date, ageMs: number): Date {
  const nearEdge = [24, 168, 192].some((edge) => Math.abs(ageMs - edge * HOUR_MS) < 1.5 * HOUR_MS);
  return new Date(now.getTime() - (nearEdge ? ageMs + 3 * HOUR_MS : ageMs));
}

/** A small deterministic generator, so every run scripts the same history. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const DOMAINS = ['example.com', 'docs.rs', 'news.ycombinator.com', 'developer.mozilla.org'];
const TAGS = ['rust', 'postgres', 'reading', 'work', 'ideas', 'travel'];

export interface ScriptedHistory {
  /** Every envelope published, in order. */
  envelopes: { producer: string; envelope: Envelope }[];
  /** Envelopes that became activity rows (deletions and no-op updates excluded). */
  activityEvents: number;
}

/**
 * Publishes `days` days of mixed activity for each person, ending a few minutes before `now`: bookmarks
 * (saved, imported, updated and deleted), notes, tasks created and completed, files, chat with reactions,
 * sign-ins, and a status-only task update that carries no activity. Some days are skipped per person so
 * streaks have gaps. Does not wait for analytics.
 */
export async function publishHistory(
  bed: AnalyticsTestBed,
  people: BedUser[],
  options: { days: number; now: Date; seed?: number },
): Promise<ScriptedHistory> {
  const random = seeded(options.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const history: ScriptedHistory = { envelopes: [], activityEvents: 0 };
  const record = (producer: string, envelope: Envelope, activity: boolean) => {
    history.envelopes.push({ producer, envelope });
    if (activity) history.activityEvents += 1;
  };
  let seq = 1;
  for (let day = options.days - 1; day >= 0; day--) {
    for (const [index, person] of people.entries()) {
      // Each person rests on a different weekday-like rhythm, so streaks break and restart.
      if ((day + index) % 4 === 3) continue;
      const userId = person.id;
      // From 23 h back on earlier days to minutes back today, spread over the day in every zone.
      const at = (slot: number) =>
        awayFromWindowEdges(
          options.now,
          day === 0 ? 5 * 60_000 + slot * 36_000 : day * 24 * HOUR_MS + slot * 2.7 * HOUR_MS,
        );
      const bookmarkId = newId();
      const bookmarkTags = [pick(TAGS), pick(TAGS)].filter((tag, i, all) => all.indexOf(tag) === i);
      const domain = pick(DOMAINS);
      record(
        'content',
        await bed.publish(
          contentEvent.bookmarkCreated,
          { userId, bookmark: bookmarkSnapshot(bookmarkId, domain, bookmarkTags, at(1)), source: 'api' },
          { at: at(1) },
        ),
        true,
      );
      record(
        'content',
        await bed.publish(
          contentEvent.bookmarkUpdated,
          {
            userId,
            bookmark: bookmarkSnapshot(bookmarkId, domain, [...bookmarkTags, 'later'], at(2), 2),
            changed: ['tags'],
          },
          { at: at(2) },
        ),
        true,
      );
      const imported = newId();
      record(
        'content',
        await bed.publish(
          contentEvent.bookmarkCreated,
          {
            userId,
            bookmark: bookmarkSnapshot(imported, pick(DOMAINS), ['imported'], at(3)),
            source: 'import',
          },
          { at: at(3) },
        ),
        true,
      );
      record(
        'content',
        await bed.publish(contentEvent.bookmarkDeleted, { userId, id: imported, version: 2 }, { at: at(3) }),
        false,
      );
      const noteId = newId();
      record(
        'content',
        await bed.publish(
          contentEvent.noteCreated,
          { userId, note: noteSnapshot(noteId, [pick(TAGS)], at(4)) },
          { at: at(4) },
        ),
        true,
      );
      if (random() < 0.5) {
        record(
          'content',
          await bed.publish(
            contentEvent.noteUpdated,
            { userId, note: noteSnapshot(noteId, ['ideas'], at(5), 2), changed: ['body'] },
            { at: at(5) },
          ),
          true,
        );
      }
      const tasks = 1 + Math.floor(random() * 3);
      for (let t = 0; t < tasks; t++) {
        const taskId = newId();
        const tags = [pick(TAGS)];
        record(
          'content',
          await bed.publish(
            contentEvent.taskCreated,
            { userId, task: taskSnapshot(taskId, tags, at(6), false) },
            { at: at(6) },
          ),
          true,
        );
        if (random() < 0.7) {
          // content sends a status-only update and then task.completed; only the latter is activity.
          record(
            'content',
            await bed.publish(
              contentEvent.taskUpdated,
              {
                userId,
                task: taskSnapshot(taskId, tags, at(7), true, 2),
                changed: ['status', 'completedAt', 'version', 'updatedAt'],
              },
              { at: at(7) },
            ),
            false,
          );
          record(
            'content',
            await bed.publish(
              contentEvent.taskCompleted,
              { userId, task: taskSnapshot(taskId, tags, at(7), true, 2) },
              { at: at(7) },
            ),
            true,
          );
        }
      }
      if (random() < 0.4) {
        record(
          'content',
          await bed.publish(
            contentEvent.fileUploaded,
            { userId, file: fileSnapshot(newId(), [pick(TAGS)], at(8)) },
            { at: at(8) },
          ),
          true,
        );
      }
      const other = people[(index + 1) % people.length].id;
      for (const envelope of await publishChat(bed, userId, other, at(5), seq))
        record('messaging', envelope, true);
      seq += 2;
      record(
        'auth',
        await bed.publish(
          authEvent.sessionCreated,
          { userId, sessionId: `s-${seq}`, ip: null, userAgent: null },
          { at: at(0) },
        ),
        true,
      );
    }
  }
  return history;
}

/** A challenge created by `owner` that the others join; the period began `startedHoursAgo` hours before now. */
export async function challengeWithMembers(
  bed: AnalyticsTestBed,
  owner: BedUser,
  members: BedUser[],
  options: {
    now: Date;
    metric: 'tasks_completed' | 'bookmarks_saved' | 'notes_created';
    target: number;
    startedHoursAgo: number;
    visibility?: 'public' | 'invite';
  },
): Promise<string> {
  const { challenge } = await bed.call(analyticsRpc.createChallenge, {
    userId: owner.id,
    title: `Challenge ${options.metric}`,
    metric: options.metric,
    target: options.target,
    startsAt: new Date(options.now.getTime() - options.startedHoursAgo * HOUR_MS).toISOString(),
    endsAt: new Date(options.now.getTime() + 72 * HOUR_MS).toISOString(),
    visibility: options.visibility ?? 'public',
    invitees: options.visibility === 'invite' ? members.map((member) => member.id) : undefined,
  });
  for (const member of members) {
    await bed.call(analyticsRpc.joinChallenge, { userId: member.id, challengeId: challenge.id });
  }
  return challenge.id;
}
