import { authRpc, type Envelope, messagingRpc } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { MessagingTestBed } from './messaging-test-bed';

/** The messaging service's copy of the user directory follows auth's user events. */
describe('messaging service: user directory', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('messaging_directory');
  });

  afterAll(async () => {
    await bed?.close();
  });

  async function directoryRow(userId: string) {
    const rows = await bed.query<{
      username: string;
      display_name: string;
      avatar_url: string | null;
      disabled: boolean;
    }>('SELECT username, display_name, avatar_url, disabled FROM messaging.users WHERE user_id = $1', [
      userId,
    ]);
    return rows[0];
  }

  async function userUpdatedEvents(userId: string): Promise<Envelope[]> {
    return (await bed.publishedEvents('auth')).filter(
      (event) => event.type === 'user.updated' && (event.data as { userId: string }).userId === userId,
    );
  }

  it('learns registered users from user.registered', async () => {
    const user = await bed.registerUser('reg', 'Registered Person');
    await waitFor(async () => (await directoryRow(user.id)) !== undefined, {
      description: 'the user.registered event to arrive',
    });
    expect(await directoryRow(user.id)).toEqual({
      username: user.username,
      display_name: 'Registered Person',
      avatar_url: null,
      disabled: false,
    });
  });

  it('follows profile changes into member views, and a late duplicate of an older event changes nothing', async () => {
    const [owner, ada] = await bed.registerUsers(2, 'prof');
    const { conversation } = await bed.call(messagingRpc.createConversation, {
      userId: owner.id,
      type: 'group',
      memberIds: [ada.id],
      title: 'Names',
    });
    await bed.call(authRpc.updateMe, { userId: ada.id, displayName: 'Ada One' });
    await waitFor(async () => (await userUpdatedEvents(ada.id)).length === 1, {
      description: 'user.updated',
    });
    const [older] = await userUpdatedEvents(ada.id);
    await bed.call(authRpc.updateMe, {
      userId: ada.id,
      displayName: 'Ada Two',
      avatarUrl: 'https://example.com/a.png',
    });
    await waitFor(async () => (await directoryRow(ada.id))?.display_name === 'Ada Two', {
      description: 'the second user.updated to arrive',
    });

    // The older change arrives again (a redelivery): it is older than what is stored, so it is ignored.
    await bed.republish('auth', older);
    const marker = await bed.registerUser('marker');
    await waitFor(async () => (await directoryRow(marker.id)) !== undefined, {
      description: 'events after the duplicate to be consumed',
    });
    expect(await directoryRow(ada.id)).toMatchObject({
      display_name: 'Ada Two',
      avatar_url: 'https://example.com/a.png',
    });

    const { conversation: view } = await bed.call(messagingRpc.getConversation, {
      userId: owner.id,
      conversationId: conversation.id,
    });
    expect(view.members.find((member) => member.userId === ada.id)).toMatchObject({
      displayName: 'Ada Two',
      avatarUrl: 'https://example.com/a.png',
    });
  });

  it('keeps disabled people out of new conversations once auth says so', async () => {
    const [owner, gone] = await bed.registerUsers(2, 'dis');
    await bed.disableUser(gone.id);
    const error = await bed.failure(messagingRpc.createConversation, {
      userId: owner.id,
      type: 'direct',
      memberIds: [gone.id],
    });
    expect(error.code).toBe('VALIDATION');
  });
});
