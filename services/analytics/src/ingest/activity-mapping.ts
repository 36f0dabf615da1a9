import {
  type BookmarkView,
  type EventData,
  type TaskView,
  contentEvent,
  messagingEvent,
} from '@tracera/contracts';
import { type ActivityType } from '@tracera/contracts';
import { type IngestedActivity } from './ingested-activity';

/** What an event says a person did, before the person's time zone gives it a local day. */
export type ActivityFact = Omit<IngestedActivity, 'localDay'>;

/** The envelope fields every activity takes: its id is the row's idempotency key, its ts the time. */
export interface EventOrigin {
  id: string;
  ts: string;
}

type Data<C> = EventData<C>;

// A change touching only these fields of a done task is its completion, which task.completed records.
const COMPLETION_FIELDS = new Set(['status', 'completedAt', 'version', 'updatedAt']);

function fact(
  origin: EventOrigin,
  userId: string,
  type: ActivityType,
  subject: { subjectId: string | null; tags?: string[]; domain?: string | null },
): ActivityFact {
  return {
    eventId: origin.id,
    userId,
    type,
    occurredAt: new Date(origin.ts),
    subjectId: subject.subjectId,
    tags: [...new Set(subject.tags ?? [])],
    domain: subject.domain ?? null,
  };
}

function bookmarkSubject(bookmark: BookmarkView) {
  return { subjectId: bookmark.id, tags: bookmark.tags, domain: bookmark.domain };
}

export function signedIn(origin: EventOrigin, userId: string): ActivityFact {
  return fact(origin, userId, 'signed_in', { subjectId: null });
}

export function bookmarkCreated(
  origin: EventOrigin,
  data: Data<typeof contentEvent.bookmarkCreated>,
): ActivityFact {
  const type = data.source === 'import' ? 'bookmark_imported' : 'bookmark_saved';
  return fact(origin, data.userId, type, bookmarkSubject(data.bookmark));
}

export function bookmarkUpdated(
  origin: EventOrigin,
  data: Data<typeof contentEvent.bookmarkUpdated>,
): ActivityFact {
  return fact(origin, data.userId, 'bookmark_updated', bookmarkSubject(data.bookmark));
}

export function noteCreated(origin: EventOrigin, data: Data<typeof contentEvent.noteCreated>): ActivityFact {
  return fact(origin, data.userId, 'note_created', { subjectId: data.note.id, tags: data.note.tags });
}

export function noteUpdated(origin: EventOrigin, data: Data<typeof contentEvent.noteUpdated>): ActivityFact {
  return fact(origin, data.userId, 'note_updated', { subjectId: data.note.id, tags: data.note.tags });
}

export function taskCreated(origin: EventOrigin, data: Data<typeof contentEvent.taskCreated>): ActivityFact {
  return fact(origin, data.userId, 'task_created', taskSubject(data.task));
}

/** Null when the update is only the task's completion (its task.completed is the activity). */
export function taskUpdated(
  origin: EventOrigin,
  data: Data<typeof contentEvent.taskUpdated>,
): ActivityFact | null {
  const onlyCompletion = data.changed.every((field) => COMPLETION_FIELDS.has(field));
  if (onlyCompletion && data.task.status === 'done') return null;
  return fact(origin, data.userId, 'task_updated', taskSubject(data.task));
}

export function taskCompleted(
  origin: EventOrigin,
  data: Data<typeof contentEvent.taskCompleted>,
): ActivityFact {
  return fact(origin, data.userId, 'task_completed', taskSubject(data.task));
}

function taskSubject(task: TaskView) {
  return { subjectId: task.id, tags: task.tags };
}

export function fileUploaded(
  origin: EventOrigin,
  data: Data<typeof contentEvent.fileUploaded>,
): ActivityFact {
  return fact(origin, data.userId, 'file_uploaded', { subjectId: data.file.id, tags: data.file.tags });
}

export function messageSent(
  origin: EventOrigin,
  data: Data<typeof messagingEvent.messageCreated>,
): ActivityFact {
  return fact(origin, data.message.senderId, 'message_sent', { subjectId: data.message.id });
}

export function reactionAdded(
  origin: EventOrigin,
  data: Data<typeof messagingEvent.reactionAdded>,
): ActivityFact {
  return fact(origin, data.userId, 'reaction_added', { subjectId: data.messageId });
}
