import { messagingRpc, type NotificationView } from '@tracera/contracts';
import { send, startDirect } from './messages-helpers';
import { MessagingTestBed, type TestUser } from './messaging-test-bed';

describe('messaging service: direct-message notifications', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('messages_notifications');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const notificationsOf = async (user: TestUser): Promise<NotificationView[]> =>
    (await bed.call(messagingRpc.listNotifications, { userId: user.id })).items;

  it('keeps one unread notification per direct conversation, updated by each new message', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'dm');
    const conversation = await startDirect(bed, ada, bob);
    await send(bed, ada, conversation.id, 'hi');
    await send(bed, ada, conversation.id, 'are you there?');
    // A mention in a direct conversation adds no second notification.
    const last = await send(bed, ada, conversation.id, `@${bob.username} lunch at noon`);

    const [notification, ...others] = await notificationsOf(bob);
    expect(others).toEqual([]);
    expect(notification).toMatchObject({
      kind: 'direct_message',
      conversationId: conversation.id,
      messageId: last.id,
      actorId: ada.id,
      preview: last.body,
      readAt: null,
    });
    // Each message pushed the notification again, under the same id, so clients replace it in place.
    const pushed = await bed.notificationEvents(bob.id);
    expect(pushed).toHaveLength(3);
    expect(pushed.map((event) => (event.data.notification as NotificationView).id)).toEqual([
      notification.id,
      notification.id,
      notification.id,
    ]);
    expect(await notificationsOf(ada)).toEqual([]);

    // Once read, the next message starts a new notification.
    await bed.call(messagingRpc.markNotificationRead, { userId: bob.id, id: notification.id });
    const next = await send(bed, ada, conversation.id, 'ping');
    const after = await notificationsOf(bob);
    expect(after).toHaveLength(2);
    expect(after.find((item) => item.readAt === null)).toMatchObject({ messageId: next.id, preview: 'ping' });
    expect(after.find((item) => item.readAt === null)!.id).not.toBe(notification.id);

    // Bob answering notifies Ada, not himself.
    const reply = await send(bed, bob, conversation.id, 'coming');
    expect(await notificationsOf(ada)).toEqual([
      expect.objectContaining({ kind: 'direct_message', messageId: reply.id, actorId: bob.id }),
    ]);
  });

  it('previews a long message on one shortened line', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'preview');
    const conversation = await startDirect(bed, ada, bob);
    await send(bed, ada, conversation.id, `line one\n\nline two ${'word '.repeat(100)}`);
    const [notification] = await notificationsOf(bob);
    expect(notification.preview.startsWith('line one line two word')).toBe(true);
    expect(notification.preview.length).toBeLessThanOrEqual(140);
    expect(notification.preview.endsWith('…')).toBe(true);
  });
});
