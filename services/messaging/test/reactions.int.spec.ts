import { messagingRpc } from '@tracera/contracts';
import { eventsAfter, footprint, lastSeqOf, send, startGroup } from './messages-helpers';
import { MessagingTestBed } from './messaging-test-bed';

describe('messaging service: reactions', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('reactions');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('adds and removes reactions with one event per real change and none for a repeat', async () => {
    const [ada, bob, cy] = await bed.registerUsers(3, 'react');
    const conversation = await startGroup(bed, ada, [bob, cy]);
    const message = await send(bed, ada, conversation.id, 'ship it?');
    const start = await lastSeqOf(bed, conversation.id);

    const added = await bed.call(messagingRpc.addReaction, {
      userId: bob.id,
      messageId: message.id,
      emoji: '👍',
    });
    expect(added.message.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [bob.id] }]);
    // The same reaction again: same answer, no event, no seq taken.
    expect(
      await bed.call(messagingRpc.addReaction, { userId: bob.id, messageId: message.id, emoji: '👍' }),
    ).toEqual(added);
    expect(await lastSeqOf(bed, conversation.id)).toBe(start + 1);

    await bed.call(messagingRpc.addReaction, { userId: cy.id, messageId: message.id, emoji: '👍' });
    const both = await bed.call(messagingRpc.addReaction, {
      userId: cy.id,
      messageId: message.id,
      emoji: ':tada:',
    });
    expect(both.message.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [bob.id, cy.id] },
      { emoji: ':tada:', count: 1, userIds: [cy.id] },
    ]);

    const removed = await bed.call(messagingRpc.removeReaction, {
      userId: bob.id,
      messageId: message.id,
      emoji: '👍',
    });
    expect(removed.message.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [cy.id] },
      { emoji: ':tada:', count: 1, userIds: [cy.id] },
    ]);
    // Removing what is not there changes nothing.
    expect(
      await bed.call(messagingRpc.removeReaction, { userId: bob.id, messageId: message.id, emoji: '👍' }),
    ).toEqual(removed);

    const events = await eventsAfter(bed, conversation.id, start);
    expect(events.map((event) => [event.seq, event.type, event.actorId])).toEqual([
      [start + 1, 'reaction:added', bob.id],
      [start + 2, 'reaction:added', cy.id],
      [start + 3, 'reaction:added', cy.id],
      [start + 4, 'reaction:removed', bob.id],
    ]);
    expect(events[3]).toMatchObject({
      messageId: message.id,
      emoji: '👍',
      userId: bob.id,
      reactions: removed.message.reactions,
    });
    expect(await lastSeqOf(bed, conversation.id)).toBe(start + 4);

    // The history shows the reactions as they are now.
    const { items } = await bed.call(messagingRpc.listMessages, {
      userId: ada.id,
      conversationId: conversation.id,
    });
    expect(items.find((item) => item.id === message.id)?.reactions).toEqual(removed.message.reactions);
  });

  it('refuses strangers and malformed emojis without storing anything', async () => {
    const [ada, bob, eve] = await bed.registerUsers(3, 'nope');
    const conversation = await startGroup(bed, ada, [bob]);
    const message = await send(bed, ada, conversation.id, 'hello');
    const before = await footprint(bed, conversation.id);

    const stranger = await bed.failure(messagingRpc.addReaction, {
      userId: eve.id,
      messageId: message.id,
      emoji: '👀',
    });
    expect(stranger.code).toBe('NOT_FOUND');
    for (const emoji of ['', 'two words', 'x'.repeat(65)]) {
      const error = await bed.failure(messagingRpc.addReaction, {
        userId: bob.id,
        messageId: message.id,
        emoji,
      });
      expect(error.code).toBe('INVALID_REQUEST');
    }
    expect(await footprint(bed, conversation.id)).toEqual(before);
    expect(await bed.count('reactions', 'WHERE message_id = $1', [message.id])).toBe(0);
  });
});
