import { messagingRpc, type RoomEvent } from '@tracera/contracts';
import { MessagingTestBed, type TestUser } from './messaging-test-bed';

/** Read markers, unread counts and resync (the conversation's event log) against the real services. */
describe('messaging service: read markers and resync', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('messaging_read');
  });

  afterAll(async () => {
    await bed?.close();
  });

  async function group(owner: TestUser, others: TestUser[]): Promise<string> {
    const { conversation } = await bed.call(messagingRpc.createConversation, {
      userId: owner.id,
      type: 'group',
      memberIds: others.map((user) => user.id),
      title: 'Room',
    });
    return conversation.id;
  }

  async function send(sender: TestUser, conversationId: string, body: string): Promise<number> {
    const { message } = await bed.call(messagingRpc.sendMessage, { userId: sender.id, conversationId, body });
    return message.seq;
  }

  function read(user: TestUser, conversationId: string, seq: number) {
    return bed.call(messagingRpc.markRead, { userId: user.id, conversationId, seq });
  }

  async function unreadOf(user: TestUser, conversationId: string): Promise<number> {
    return (await bed.call(messagingRpc.getConversation, { userId: user.id, conversationId })).conversation
      .unreadCount;
  }

  describe('read markers', () => {
    it("counts messages of others after the marker, not one's own nor deleted ones", async () => {
      const [ada, bob] = await bed.registerUsers(2, 'unread');
      const conversationId = await group(ada, [bob]);
      await send(ada, conversationId, 'one');
      const second = await send(ada, conversationId, 'two');
      await send(bob, conversationId, 'mine');
      expect(await unreadOf(bob, conversationId)).toBe(2);
      expect(await unreadOf(ada, conversationId)).toBe(1);

      const { message } = await bed.call(messagingRpc.sendMessage, {
        userId: ada.id,
        conversationId,
        body: 'oops',
      });
      expect(await unreadOf(bob, conversationId)).toBe(3);
      await bed.call(messagingRpc.deleteMessage, { userId: ada.id, messageId: message.id });
      expect(await unreadOf(bob, conversationId)).toBe(2);

      expect(await read(bob, conversationId, second)).toEqual({
        conversationId,
        lastReadSeq: second,
        unreadCount: 0,
      });
      const list = await bed.call(messagingRpc.listConversations, { userId: bob.id });
      expect(list.items.find((item) => item.id === conversationId)).toMatchObject({
        lastReadSeq: second,
        unreadCount: 0,
      });
    });

    it('only moves forward, clamps to the end of the log, and emits read:updated once per move past messages', async () => {
      const [ada, bob] = await bed.registerUsers(2, 'marker');
      const conversationId = await group(ada, [bob]);
      const first = await send(ada, conversationId, 'hello');
      const second = await send(ada, conversationId, 'again');

      const moved = await read(bob, conversationId, second);
      expect(moved).toMatchObject({ lastReadSeq: second, unreadCount: 0 });
      const readEvent = (await bed.roomEvents(conversationId)).at(-1)!;
      expect(readEvent).toMatchObject({
        type: 'read:updated',
        seq: second + 1,
        actorId: bob.id,
        userId: bob.id,
        lastReadSeq: second,
      });
      expect((await bed.outbox(conversationId)).at(-1)?.type).toBe('conversation.read');

      // Back, or the same again: ignored, no event.
      expect(await read(bob, conversationId, first)).toMatchObject({ lastReadSeq: second });
      expect(await read(bob, conversationId, second)).toMatchObject({ lastReadSeq: second });
      // Past the end: clamped; moving past the read event alone changes nothing anyone shows, so no event.
      const clamped = await read(bob, conversationId, 1_000_000);
      expect(clamped.lastReadSeq).toBe(second + 1);
      const events = await bed.roomEvents(conversationId);
      expect(events.filter((event) => event.type === 'read:updated')).toHaveLength(1);
      expect(events.at(-1)?.seq).toBe(second + 1);

      // Concurrent reads of one member keep the largest.
      const third = await send(ada, conversationId, 'three');
      const fourth = await send(ada, conversationId, 'four');
      await Promise.all([read(bob, conversationId, fourth), read(bob, conversationId, third)]);
      expect(
        (await bed.call(messagingRpc.getConversation, { userId: bob.id, conversationId })).conversation
          .lastReadSeq,
      ).toBe(fourth);
    });
  });

  describe('resync', () => {
    it('answers the events after a seq in order without gaps, page by page, with hasMore and lastSeq', async () => {
      const [ada, bob] = await bed.registerUsers(2, 'resync');
      const conversationId = await group(ada, [bob]);
      for (let index = 0; index < 5; index += 1)
        await send(index % 2 === 0 ? ada : bob, conversationId, `m${index}`);
      // 2 member:added + 5 messages.
      const all = await bed.call(messagingRpc.conversationEvents, {
        userId: bob.id,
        conversationId,
        afterSeq: 0,
      });
      expect(all.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(all).toMatchObject({ hasMore: false, lastSeq: 7 });
      expect(all.events).toEqual(await bed.roomEvents(conversationId));

      const pages: RoomEvent[] = [];
      let afterSeq = 0;
      for (;;) {
        const page = await bed.call(messagingRpc.conversationEvents, {
          userId: bob.id,
          conversationId,
          afterSeq,
          limit: 3,
        });
        pages.push(...page.events);
        if (!page.hasMore) break;
        afterSeq = page.events.at(-1)!.seq;
      }
      expect(pages).toEqual(all.events);

      const tail = await bed.call(messagingRpc.conversationEvents, {
        userId: bob.id,
        conversationId,
        afterSeq: 7,
      });
      expect(tail).toEqual({ events: [], hasMore: false, lastSeq: 7 });
    });

    it('answers a member who joined later from their own member:added on', async () => {
      const [ada, bob, late] = await bed.registerUsers(3, 'late');
      const conversationId = await group(ada, [bob]);
      await send(ada, conversationId, 'before you came');
      await bed.call(messagingRpc.addMembers, { userId: ada.id, conversationId, userIds: [late.id] });
      await send(bob, conversationId, 'welcome');

      const seen = await bed.call(messagingRpc.conversationEvents, {
        userId: late.id,
        conversationId,
        afterSeq: 0,
      });
      expect(seen.events.map((event) => [event.type, event.seq])).toEqual([
        ['member:added', 4],
        ['message:created', 5],
      ]);
      expect(seen.lastSeq).toBe(5);
      // Unread for them is only what they can see: the welcome, not the message from before they came.
      const { conversation } = await bed.call(messagingRpc.getConversation, {
        userId: late.id,
        conversationId,
      });
      expect(conversation).toMatchObject({ unreadCount: 1, lastReadSeq: 3 });
    });

    it('refuses an out-of-range limit before it reaches the service', async () => {
      const [ada] = await bed.registerUsers(1, 'limit');
      const conversationId = await group(ada, []);
      const error = await bed.failure(messagingRpc.conversationEvents, {
        userId: ada.id,
        conversationId,
        afterSeq: 0,
        limit: messagingRpc.RESYNC_MAX_EVENTS + 1,
      });
      expect(error.code).toBe('INVALID_REQUEST');
    });
  });
});
