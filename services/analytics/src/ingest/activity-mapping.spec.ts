import { type BookmarkView, type TaskView } from '@tracera/contracts';
import * as mapping from './activity-mapping';

const origin = { id: '00000000-0000-4000-8000-000000000001', ts: '2026-11-01T10:00:00.000Z' };
const userId = '00000000-0000-4000-8000-0000000000aa';
const itemId = '00000000-0000-4000-8000-0000000000bb';
const at = '2026-11-01T09:00:00.000Z';

const bookmark: BookmarkView = {
  id: itemId,
  tags: ['read', 'read', 'later'],
  collectionId: null,
  createdAt: at,
  updatedAt: at,
  version: 1,
  url: 'https://example.com/a',
  domain: 'example.com',
  title: 'A',
  description: '',
  faviconUrl: null,
  favorite: false,
  read: false,
  archived: false,
};

function task(status: TaskView['status']): TaskView {
  return {
    id: itemId,
    tags: ['work'],
    collectionId: null,
    createdAt: at,
    updatedAt: at,
    version: 2,
    title: 'T',
    description: '',
    status,
    priority: 'medium',
    dueAt: null,
    parentId: null,
    completedAt: status === 'done' ? at : null,
  };
}

const common = { eventId: origin.id, userId, occurredAt: new Date(origin.ts) };

describe('activity mapping', () => {
  it('tells a saved bookmark from an imported one, with its tags (once each) and domain', () => {
    expect(mapping.bookmarkCreated(origin, { userId, bookmark, source: 'api' })).toEqual({
      ...common,
      type: 'bookmark_saved',
      subjectId: itemId,
      tags: ['read', 'later'],
      domain: 'example.com',
    });
    expect(mapping.bookmarkCreated(origin, { userId, bookmark, source: 'import' }).type).toBe(
      'bookmark_imported',
    );
    expect(mapping.bookmarkUpdated(origin, { userId, bookmark, changed: ['title'] }).type).toBe(
      'bookmark_updated',
    );
  });

  it('records a sign-in without a subject', () => {
    expect(mapping.signedIn(origin, userId)).toEqual({
      ...common,
      type: 'signed_in',
      subjectId: null,
      tags: [],
      domain: null,
    });
  });

  it('leaves out a task update that is only its completion, which task.completed records', () => {
    const done = task('done');
    expect(
      mapping.taskUpdated(origin, { userId, task: done, changed: ['status', 'completedAt', 'version'] }),
    ).toBeNull();
    expect(mapping.taskUpdated(origin, { userId, task: done, changed: ['status', 'title'] })?.type).toBe(
      'task_updated',
    );
    expect(mapping.taskUpdated(origin, { userId, task: task('todo'), changed: ['status'] })?.type).toBe(
      'task_updated',
    );
    expect(mapping.taskCompleted(origin, { userId, task: done })).toEqual({
      ...common,
      type: 'task_completed',
      subjectId: itemId,
      tags: ['work'],
      domain: null,
    });
    expect(mapping.taskCreated(origin, { userId, task: task('todo') }).type).toBe('task_created');
  });

  it('credits a message to its sender and a reaction to the reactor', () => {
    const sender = '00000000-0000-4000-8000-0000000000cc';
    const messageId = '00000000-0000-4000-8000-0000000000dd';
    const message = {
      id: messageId,
      conversationId: itemId,
      seq: 1,
      senderId: sender,
      body: 'hi',
      attachments: [],
      reactions: [],
      mentions: [],
      clientId: null,
      createdAt: at,
      editedAt: null,
      deletedAt: null,
    };
    const room = { conversationId: itemId, seq: 1, at, actorId: sender };
    expect(mapping.messageSent(origin, { ...room, type: 'message:created', message })).toEqual({
      ...common,
      userId: sender,
      type: 'message_sent',
      subjectId: messageId,
      tags: [],
      domain: null,
    });
    const reaction = {
      ...room,
      type: 'reaction:added' as const,
      messageId,
      emoji: '👍',
      userId,
      reactions: [],
    };
    expect(mapping.reactionAdded(origin, reaction)).toMatchObject({
      userId,
      type: 'reaction_added',
      subjectId: messageId,
    });
  });
});
