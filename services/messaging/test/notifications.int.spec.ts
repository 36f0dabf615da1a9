import { randomUUID } from 'node:crypto';
import { messagingRpc, type NotificationView } from '@tracera/contracts';
import { fieldsOf, MessagingTestBed, type TestUser } from './messaging-test-bed';

/** Listing and marking notifications read, against the real services, Postgres and Redis. */
describe('messaging service: notifications', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('messaging_notifications');
  });

  afterAll(async () => {
    await bed?.close();
  });

  /** `count` groups by `owner` with `user` in them: one added_to_conversation notification each. */
  async function addedTo(owner: TestUser, user: TestUser, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const { conversation } = await bed.call(messagingRpc.createConversation, {
        userId: owner.id,
        type: 'group',
        memberIds: [user.id],
        title: `Group ${index}`,
      });
      ids.push(conversation.id);
    }
    return ids;
  }

  function list(user: TestUser, extra: { unread?: boolean; limit?: number; cursor?: string } = {}) {
    return bed.call(messagingRpc.listNotifications, { userId: user.id, ...extra });
  }

  it('lists the newest first, page by page, with the unread count', async () => {
    const [owner, me] = await bed.registerUsers(2, 'list');
    const conversations = await addedTo(owner, me, 3);
    const first = await list(me, { limit: 2 });
    expect(first.unreadCount).toBe(3);
    expect(first.items.map((item) => item.preview)).toEqual(['Group 2', 'Group 1']);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(me, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.conversationId)).toEqual([conversations[0]]);
    expect(second.nextCursor).toBeNull();

    const bad = await bed.failure(messagingRpc.listNotifications, { userId: me.id, cursor: 'garbage' });
    expect(bad.code).toBe('VALIDATION');
    expect(fieldsOf(bad)).toEqual(['cursor']);
  });

  it('marks one read (a second time keeps the first time) and filters by unread', async () => {
    const [owner, me] = await bed.registerUsers(2, 'one');
    await addedTo(owner, me, 2);
    const { items } = await list(me);
    const { notification } = await bed.call(messagingRpc.markNotificationRead, {
      userId: me.id,
      id: items[0].id,
    });
    expect(notification).toEqual({ ...items[0], readAt: expect.any(String) as string });
    const again = await bed.call(messagingRpc.markNotificationRead, { userId: me.id, id: items[0].id });
    expect(again.notification.readAt).toBe(notification.readAt);

    const unread = await list(me, { unread: true });
    expect(unread.items.map((item) => item.id)).toEqual([items[1].id]);
    expect(unread.unreadCount).toBe(1);
    expect((await list(me, { unread: false })).items.map((item) => item.id)).toEqual([items[0].id]);
  });

  it("answers NOT_FOUND for somebody else's notification or none, changing nothing", async () => {
    const [owner, me, other] = await bed.registerUsers(3, 'theirs');
    await addedTo(owner, me, 1);
    const [mine] = (await list(me)).items;
    for (const attempt of [
      { userId: other.id, id: mine.id },
      { userId: me.id, id: randomUUID() },
    ]) {
      const error = await bed.failure(messagingRpc.markNotificationRead, attempt);
      expect(error.toBody()).toEqual({ code: 'NOT_FOUND', message: 'no such notification' });
    }
    expect((await list(me)).items[0].readAt).toBeNull();
  });

  it("marks all read, answering how many changed, and only the caller's", async () => {
    const [owner, me, other] = await bed.registerUsers(3, 'all');
    await addedTo(owner, me, 3);
    await addedTo(owner, other, 1);
    await bed.call(messagingRpc.markNotificationRead, { userId: me.id, id: (await list(me)).items[0].id });

    expect(await bed.call(messagingRpc.markAllNotificationsRead, { userId: me.id })).toEqual({ updated: 2 });
    expect(await bed.call(messagingRpc.markAllNotificationsRead, { userId: me.id })).toEqual({ updated: 0 });
    const after = await list(me);
    expect(after.unreadCount).toBe(0);
    expect(after.items.every((item: NotificationView) => item.readAt !== null)).toBe(true);
    expect((await list(other)).unreadCount).toBe(1);
  });

  it('emits notification.created through the outbox for each notification stored', async () => {
    const [owner, me] = await bed.registerUsers(2, 'emit');
    await addedTo(owner, me, 2);
    const stored = (await list(me)).items;
    const emitted = await bed.notificationEvents(me.id);
    expect(emitted.map((event) => event.data)).toEqual(
      [...stored].reverse().map((notification) => ({ userId: me.id, notification })),
    );
  });

  it('coalesces direct messages while one is unread: the same notification updated and emitted again', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'dm');
    const { conversation } = await bed.call(messagingRpc.createConversation, {
      userId: ada.id,
      type: 'direct',
      memberIds: [bob.id],
    });
    const conversationId = conversation.id;
    const send = async (body: string) =>
      (await bed.call(messagingRpc.sendMessage, { userId: ada.id, conversationId, body })).message;

    await send('first');
    const second = await send('second');
    const { items } = await list(bob);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'direct_message',
        messageId: second.id,
        preview: 'second',
        actorId: ada.id,
      }),
    ]);
    const emitted = (await bed.notificationEvents(bob.id)).map(
      (event) => (event.data as { notification: NotificationView }).notification,
    );
    expect(emitted.map((notification) => [notification.id, notification.preview])).toEqual([
      [items[0].id, 'first'],
      [items[0].id, 'second'],
    ]);

    // Once read, the next message makes a new one.
    await bed.call(messagingRpc.markNotificationRead, { userId: bob.id, id: items[0].id });
    await send('third');
    const after = await list(bob);
    expect(after.items.map((item) => item.preview)).toEqual(['third', 'second']);
    expect(after.unreadCount).toBe(1);
    expect((await list(ada)).items).toEqual([]);
  });
});
