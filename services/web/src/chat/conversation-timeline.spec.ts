import type { Message, RoomEvent, RoomEventOf } from './chat-types';
import { ConversationTimeline } from './conversation-timeline';

const CONVERSATION = '01a20b30-9606-72fb-b1bb-c0f202593ea9';
const ALICE = '01a20a5a-0dc1-724d-a51c-aee7ef5e749c';
const BOB = '01a20b30-823d-7559-8ee9-ba48aa255c68';
const AT = '2026-11-24T01:00:00.000Z';

function message(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `message-${seq}`,
    conversationId: CONVERSATION,
    seq,
    senderId: BOB,
    body: `hello ${seq}`,
    attachments: [],
    reactions: [],
    mentions: [],
    clientId: null,
    createdAt: AT,
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}

function created(seq: number, overrides: Partial<Message> = {}): RoomEventOf<'message:created'> {
  return {
    type: 'message:created',
    conversationId: CONVERSATION,
    seq,
    at: AT,
    actorId: BOB,
    message: message(seq, overrides),
  };
}

function bodies(timeline: ConversationTimeline): string[] {
  return timeline
    .items()
    .map((item) => (item.kind === 'message' ? item.message.body : `…${item.pending.body}`));
}

describe('ConversationTimeline', () => {
  it('applies events in order and advances lastSeq', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    expect(timeline.accept(created(1)).outcome).toBe('applied');
    expect(timeline.accept(created(2)).outcome).toBe('applied');
    expect(timeline.lastSeq).toBe(2);
    expect(bodies(timeline)).toEqual(['hello 1', 'hello 2']);
  });

  it('ignores duplicates and events of other conversations', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.accept(created(1));
    timeline.accept(created(2));
    expect(timeline.accept(created(1, { body: 'changed' })).outcome).toBe('duplicate');
    expect(timeline.accept({ ...created(3), conversationId: 'other' }).outcome).toBe('duplicate');
    expect(bodies(timeline)).toEqual(['hello 1', 'hello 2']);
    expect(timeline.lastSeq).toBe(2);
  });

  it('detects a gap, buffers the later event and fills it when the missing one arrives', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.accept(created(1));
    expect(timeline.accept(created(3)).outcome).toBe('gap');
    expect(timeline.hasGap).toBe(true);
    expect(timeline.lastSeq).toBe(1);
    expect(timeline.accept(created(3)).outcome).toBe('duplicate');
    const change = timeline.accept(created(2));
    expect(change.applied.map((event) => event.seq)).toEqual([2, 3]);
    expect(timeline.hasGap).toBe(false);
    expect(bodies(timeline)).toEqual(['hello 1', 'hello 2', 'hello 3']);
  });

  it('merges a resync answer with what live delivery already brought', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.addHistory([message(1), message(2)]);
    timeline.track(2);
    timeline.accept(created(3));
    expect(timeline.accept(created(6)).outcome).toBe('gap');
    const result = timeline.merge([created(3), created(4), created(5)]);
    expect(result.applied.map((event) => event.seq)).toEqual([4, 5, 6]);
    expect(result.gap).toBe(false);
    expect(timeline.lastSeq).toBe(6);
    expect(bodies(timeline)).toEqual(['hello 1', 'hello 2', 'hello 3', 'hello 4', 'hello 5', 'hello 6']);
  });

  it('reports a remaining gap when the resync answer stops short of a buffered event', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.track(1);
    timeline.accept(created(5));
    const result = timeline.merge([created(2), created(3)]);
    expect(result.gap).toBe(true);
    expect(timeline.lastSeq).toBe(3);
  });

  it('moves to where the log starts for a member who joined later', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    const result = timeline.merge([created(7), created(8)]);
    expect(result.applied.map((event) => event.seq)).toEqual([7, 8]);
    expect(timeline.lastSeq).toBe(8);
  });

  it('applies edits, deletions, reactions and read markers', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.accept(created(1));
    timeline.accept(created(2));
    const base = { conversationId: CONVERSATION, at: AT, actorId: BOB };
    const events: RoomEvent[] = [
      { ...base, seq: 3, type: 'message:updated', message: message(1, { body: 'edited', editedAt: AT }) },
      { ...base, seq: 4, type: 'message:deleted', message: message(2, { body: '', deletedAt: AT }) },
      {
        ...base,
        seq: 5,
        type: 'reaction:added',
        messageId: 'message-1',
        emoji: '👍',
        userId: ALICE,
        reactions: [{ emoji: '👍', count: 1, userIds: [ALICE] }],
      },
      { ...base, seq: 6, type: 'read:updated', userId: ALICE, lastReadSeq: 2 },
    ];
    for (const event of events) expect(timeline.accept(event).outcome).toBe('applied');
    const [first, second] = timeline.items();
    expect(first.kind === 'message' && first.message).toMatchObject({
      body: 'edited',
      reactions: [{ emoji: '👍', count: 1 }],
    });
    expect(second.kind === 'message' && second.message.deletedAt).toBe(AT);
    expect(timeline.readMarkerOf(ALICE)).toBe(2);

    timeline.accept({
      ...base,
      seq: 7,
      type: 'reaction:removed',
      messageId: 'message-1',
      emoji: '👍',
      userId: ALICE,
      reactions: [],
    });
    expect(timeline.items()[0]).toMatchObject({ message: { reactions: [] } });
  });

  it('keeps the newer live version over an older history page', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.accept(created(1));
    timeline.accept({
      type: 'message:updated',
      conversationId: CONVERSATION,
      seq: 2,
      at: AT,
      actorId: BOB,
      message: message(1, { body: 'edited', editedAt: AT }),
    });
    timeline.addHistory([message(1)]);
    expect(bodies(timeline)).toEqual(['edited']);
  });

  it('turns a pending message into the confirmed one by clientId, whichever arrives first', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.track(2);
    timeline.addPending({ clientId: 'c-1', senderId: ALICE, body: 'first', createdAt: AT });
    timeline.addPending({ clientId: 'c-2', senderId: ALICE, body: 'second', createdAt: AT });
    expect(bodies(timeline)).toEqual(['…first', '…second']);

    // The ack of the first arrives before its room event; the room event then changes nothing.
    timeline.confirm(message(3, { clientId: 'c-1', body: 'first', senderId: ALICE }));
    expect(bodies(timeline)).toEqual(['first', '…second']);
    timeline.accept(created(3, { clientId: 'c-1', body: 'first', senderId: ALICE }));

    // The room event of the second arrives before its ack (or its REST retry's answer).
    timeline.accept(created(4, { clientId: 'c-2', body: 'second', senderId: ALICE }));
    timeline.confirm(message(4, { clientId: 'c-2', body: 'second', senderId: ALICE }));
    expect(bodies(timeline)).toEqual(['first', 'second']);
    expect(timeline.lastSeq).toBe(4);

    // A retry with a clientId already confirmed does not show a second bubble.
    timeline.addPending({ clientId: 'c-2', senderId: ALICE, body: 'second', createdAt: AT });
    expect(bodies(timeline)).toEqual(['first', 'second']);
  });

  it('marks a pending message failed and back to sending on retry', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    timeline.addPending({ clientId: 'c-1', senderId: ALICE, body: 'hi', createdAt: AT });
    timeline.markFailed('c-1');
    expect(timeline.items()[0]).toMatchObject({ kind: 'pending', pending: { failed: true } });
    timeline.markRetrying('c-1');
    expect(timeline.items()[0]).toMatchObject({ kind: 'pending', pending: { failed: false } });
  });

  it('reports the oldest message seq for loading earlier history', () => {
    const timeline = new ConversationTimeline(CONVERSATION);
    expect(timeline.oldestMessageSeq).toBeUndefined();
    timeline.addHistory([message(4), message(5)]);
    timeline.addHistory([message(2), message(3)]);
    expect(timeline.oldestMessageSeq).toBe(2);
    expect(timeline.newestMessageSeq).toBe(5);
    expect(bodies(timeline)).toEqual(['hello 2', 'hello 3', 'hello 4', 'hello 5']);
  });
});
