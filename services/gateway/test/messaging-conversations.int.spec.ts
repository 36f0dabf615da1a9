import { expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import {
  type Conversation,
  conversationOf,
  type Notification,
  eventsOf,
  expectStatus,
  messagesOf,
  notificationsOf,
  type Page,
  sendMessage,
  startConversation,
} from './messaging-api.fixture';

/** The real gateway, auth, content and messaging services, through the public chat REST API only. */
describe('messaging API: conversations, members and notifications', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let carol: SignedInUser;
  let dave: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack({ withMessaging: true });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
    carol = await registerUser(stack, 'carol');
    dave = await registerUser(stack, 'dave');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const listIds = async (user: SignedInUser, query = '') =>
    (await user.client.get(`/conversations?limit=200${query}`))
      .json<Page<Conversation>>()
      .items.map((conversation) => conversation.id);

  describe('direct conversations', () => {
    it('creates one per pair of people: asking again, from either side, answers the same one with 200', async () => {
      const created = await alice.client.post('/conversations', { type: 'direct', memberIds: [bob.id] });
      expectStatus(created, 201);
      const { conversation } = created.json<{ conversation: Conversation }>();
      expect(conversation).toMatchObject({
        type: 'direct',
        title: null,
        createdBy: alice.id,
        // Nobody owns a direct conversation: neither side can rename it or add people.
        myRole: 'member',
        archived: false,
        lastReadSeq: 0,
        unreadCount: 0,
      });
      expect(conversation.members.map((member) => member.userId).sort()).toEqual([alice.id, bob.id].sort());
      expect(conversation.members.find((member) => member.userId === bob.id)).toMatchObject({
        username: bob.username,
        displayName: `User ${bob.username}`,
      });

      const again = await alice.client.post('/conversations', { type: 'direct', memberIds: [bob.id] });
      expectStatus(again, 200);
      expect(again.json<{ conversation: Conversation }>().conversation.id).toBe(conversation.id);
      const fromBob = await bob.client.post('/conversations', { type: 'direct', memberIds: [alice.id] });
      expectStatus(fromBob, 200);
      expect(fromBob.json<{ conversation: Conversation }>().conversation.id).toBe(conversation.id);

      expect((await listIds(alice)).filter((id) => id === conversation.id)).toHaveLength(1);
      expect(await listIds(bob)).toContain(conversation.id);
      expect(await listIds(carol)).not.toContain(conversation.id);
      // Asking again added nothing to the conversation's log: only the two members joined.
      expect((await eventsOf(alice, conversation.id)).map((event) => event.type)).toEqual([
        'member:added',
        'member:added',
      ]);
    });

    it('notifies the other person of each direct message, coalesced into one unread notification', async () => {
      const direct = await startConversation(carol, [dave]);
      const first = await sendMessage(carol, direct.id, 'are you there?');
      const second = await sendMessage(carol, direct.id, 'ping again');

      const unread = await notificationsOf(dave, '&unread=true');
      const ofDirect = unread.items.filter((item) => item.conversationId === direct.id);
      expect(ofDirect).toEqual([
        expect.objectContaining({
          kind: 'direct_message',
          actorId: carol.id,
          messageId: second.id,
          preview: 'ping again',
          readAt: null,
        }),
      ]);
      expect(ofDirect[0].messageId).not.toBe(first.id);
      expect(unread.unreadCount).toBeGreaterThanOrEqual(1);
      // The sender is not notified of their own messages.
      expect(
        (await notificationsOf(carol)).items.filter((item) => item.conversationId === direct.id),
      ).toEqual([]);

      const read = await dave.client.post(`/notifications/${ofDirect[0].id}/read`);
      expectStatus(read, 200);
      expect(read.json<{ notification: Notification }>().notification).toMatchObject({ id: ofDirect[0].id });
      expect(read.json<{ notification: Notification }>().notification.readAt).toEqual(expect.any(String));
      // Once read, the next message makes a new one.
      const third = await sendMessage(carol, direct.id, 'third time');
      const after = (await notificationsOf(dave)).items.filter((item) => item.conversationId === direct.id);
      expect(after.map((item) => item.messageId)).toEqual([third.id, second.id]);
      expect(after.map((item) => item.readAt === null)).toEqual([true, false]);
    });
  });

  describe('groups', () => {
    it('creates a group with its members, who all see it, and notifies them but not the creator', async () => {
      const created = await alice.client.post('/conversations', {
        type: 'group',
        title: '  Launch crew  ',
        memberIds: [bob.id, carol.id],
      });
      expectStatus(created, 201);
      const group = created.json<{ conversation: Conversation }>().conversation;
      expect(group).toMatchObject({ type: 'group', title: 'Launch crew', myRole: 'owner', lastSeq: 3 });
      expect(Object.fromEntries(group.members.map((member) => [member.userId, member.role]))).toEqual({
        [alice.id]: 'owner',
        [bob.id]: 'member',
        [carol.id]: 'member',
      });
      expect(await conversationOf(bob, group.id)).toMatchObject({ id: group.id, myRole: 'member' });
      expect(await listIds(carol)).toContain(group.id);
      expect(await listIds(dave)).not.toContain(group.id);

      for (const member of [bob, carol]) {
        const notifications = (await notificationsOf(member)).items.filter(
          (item) => item.conversationId === group.id,
        );
        expect(notifications).toEqual([
          expect.objectContaining({ kind: 'added_to_conversation', actorId: alice.id, messageId: null }),
        ]);
      }
      expect((await notificationsOf(alice)).items.some((item) => item.conversationId === group.id)).toBe(
        false,
      );
    });

    it('lets owners rename a group, refuses plain members with 403, and archives for the caller only', async () => {
      const group = await startConversation(alice, [bob], 'Old name');
      const renamed = await alice.client.patch(`/conversations/${group.id}`, { title: 'New name' });
      expectStatus(renamed, 200);
      expect(renamed.json()).toMatchObject({ conversation: { id: group.id, title: 'New name' } });

      expectProblem(
        await bob.client.patch(`/conversations/${group.id}`, { title: 'Mine' }),
        403,
        'forbidden',
      );
      expect((await conversationOf(alice, group.id)).title).toBe('New name');

      const archived = await bob.client.patch(`/conversations/${group.id}`, { archived: true });
      expectStatus(archived, 200);
      expect(archived.json()).toMatchObject({ conversation: { archived: true } });
      expect(await listIds(bob, '&archived=true')).toContain(group.id);
      expect(await listIds(bob, '&archived=false')).not.toContain(group.id);
      expect((await conversationOf(alice, group.id)).archived).toBe(false);
      expect(await listIds(alice, '&archived=false')).toContain(group.id);

      const types = (await eventsOf(alice, group.id)).map((event) => event.type);
      expect(types.filter((type) => type === 'conversation:updated')).toHaveLength(1);
    });

    it('adds members (201) and removes them (204): a removed member loses access at once', async () => {
      const group = await startConversation(alice, [bob], 'Membership');
      const added = await alice.client.post(`/conversations/${group.id}/members`, {
        userIds: [carol.id, bob.id],
      });
      expectStatus(added, 201);
      const answer = added.json<{ conversation: Conversation; added: { userId: string; role: string }[] }>();
      // Bob was already in: only Carol is added, and Bob is left as he was.
      expect(answer.added.map((member) => [member.userId, member.role])).toEqual([[carol.id, 'member']]);
      expect(answer.conversation.members.map((member) => member.userId).sort()).toEqual(
        [alice.id, bob.id, carol.id].sort(),
      );
      await sendMessage(carol, group.id, 'hi all');

      // Plain members cannot add or remove others.
      expectProblem(
        await bob.client.post(`/conversations/${group.id}/members`, { userIds: [dave.id] }),
        403,
        'forbidden',
      );
      expectProblem(
        await bob.client.delete(`/conversations/${group.id}/members/${carol.id}`),
        403,
        'forbidden',
      );
      expect((await conversationOf(alice, group.id)).members).toHaveLength(3);

      const removed = await alice.client.delete(`/conversations/${group.id}/members/${carol.id}`);
      expect(removed.statusCode).toBe(204);
      expect(removed.body).toBe('');
      expectProblem(await carol.client.get(`/conversations/${group.id}`), 404, 'not-found');
      expectProblem(await carol.client.get(`/conversations/${group.id}/messages`), 404, 'not-found');
      expectProblem(await carol.client.post(`/conversations/${group.id}/messages`, { body: 'x' }), 404);
      expectProblem(await carol.client.get(`/conversations/${group.id}/events`), 404, 'not-found');
      expect(await listIds(carol)).not.toContain(group.id);

      // Leaving is removing yourself.
      expect((await bob.client.delete(`/conversations/${group.id}/members/${bob.id}`)).statusCode).toBe(204);
      expect((await conversationOf(alice, group.id)).members.map((member) => member.userId)).toEqual([
        alice.id,
      ]);
      const types = (await eventsOf(alice, group.id)).map((event) => event.type);
      expect(types.filter((type) => type === 'member:removed')).toHaveLength(2);
    });

    it('lets only the owner add admins, who may then add members', async () => {
      const group = await startConversation(alice, [bob], 'Admins');
      const promoted = await alice.client.post(`/conversations/${group.id}/members`, {
        userIds: [carol.id],
        role: 'admin',
      });
      expectStatus(promoted, 201);
      expect(promoted.json()).toMatchObject({ added: [{ userId: carol.id, role: 'admin' }] });
      expectStatus(
        await carol.client.post(`/conversations/${group.id}/members`, { userIds: [dave.id] }),
        201,
      );
      expect((await conversationOf(dave, group.id)).myRole).toBe('member');
    });

    it('refuses unknown people with 422 naming the field, and creates or adds nothing', async () => {
      const before = await listIds(alice);
      const ghost = '01890000-0000-7000-8000-000000000001';
      const create = await alice.client.post('/conversations', {
        type: 'group',
        title: 'Ghosts',
        memberIds: [bob.id, ghost],
      });
      expect(problemFields(expectProblem(create, 422, 'unprocessable-content'))).toEqual(['memberIds']);
      const direct = await alice.client.post('/conversations', { type: 'direct', memberIds: [ghost] });
      expect(problemFields(expectProblem(direct, 422))).toEqual(['memberIds']);
      expect(await listIds(alice)).toEqual(before);

      const group = await startConversation(alice, [bob], 'No ghosts');
      const add = await alice.client.post(`/conversations/${group.id}/members`, { userIds: [ghost] });
      expect(problemFields(expectProblem(add, 422, 'unprocessable-content'))).toEqual(['userIds']);
      expect((await conversationOf(alice, group.id)).members).toHaveLength(2);
    });

    it('answers a retried create with the same Idempotency-Key with the first conversation', async () => {
      const request = {
        method: 'POST' as const,
        url: '/conversations',
        payload: { type: 'group', title: 'Retried', memberIds: [bob.id] },
        headers: { 'idempotency-key': `group-${Date.now()}` },
      };
      const first = await alice.client.request(request);
      expectStatus(first, 201);
      const retry = await alice.client.request(request);
      expectStatus(retry, 200);
      const id = first.json<{ conversation: Conversation }>().conversation.id;
      expect(retry.json<{ conversation: Conversation }>().conversation.id).toBe(id);
      const titles = (await alice.client.get('/conversations?limit=200'))
        .json<Page<Conversation>>()
        .items.filter((conversation) => conversation.title === 'Retried');
      expect(titles).toHaveLength(1);

      const reused = await alice.client.request({
        ...request,
        payload: { ...request.payload, title: 'Other' },
      });
      expect(problemFields(expectProblem(reused, 422, 'unprocessable-content'))).toEqual(['Idempotency-Key']);
    });
  });

  describe('conversation list', () => {
    it('lists the most recently active first and pages with limit and cursor', async () => {
      const user = await registerUser(stack, 'lister');
      const made: Conversation[] = [];
      for (const title of ['one', 'two', 'three']) made.push(await startConversation(user, [bob], title));
      // A message makes the oldest the most recently active.
      await sendMessage(user, made[0].id, 'bump');

      const first = (await user.client.get('/conversations?limit=2')).json<Page<Conversation>>();
      expect(first.items.map((conversation) => conversation.id)).toEqual([made[0].id, made[2].id]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (
        await user.client.get(`/conversations?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)
      ).json<Page<Conversation>>();
      expect(second.items.map((conversation) => conversation.id)).toEqual([made[1].id]);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('notifications', () => {
    it('notifies a mentioned group member, lists unread ones and marks one or all read', async () => {
      const reader = await registerUser(stack, 'reader');
      const group = await startConversation(alice, [reader, bob], 'Mentions');
      const message = await sendMessage(alice, group.id, `hey @${reader.username}, look`);
      expect(message.mentions).toEqual([reader.id]);

      const unread = await notificationsOf(reader, '&unread=true');
      expect(unread.unreadCount).toBe(2);
      expect(unread.items.map((item) => item.kind)).toEqual(['mentioned', 'added_to_conversation']);
      expect(unread.items[0]).toMatchObject({
        conversationId: group.id,
        messageId: message.id,
        actorId: alice.id,
      });
      expect(unread.items[0].preview).toContain('look');
      expect((await notificationsOf(bob)).items.some((item) => item.messageId === message.id)).toBe(false);

      const page = (await reader.client.get('/notifications?limit=1')).json<Page<{ id: string }>>();
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).toEqual(expect.any(String));
      const rest = (
        await reader.client.get(`/notifications?limit=1&cursor=${encodeURIComponent(page.nextCursor!)}`)
      ).json<Page<{ id: string }>>();
      expect(rest.items.map((item) => item.id)).toEqual([unread.items[1].id]);

      const one = await reader.client.post(`/notifications/${unread.items[0].id}/read`);
      expectStatus(one, 200);
      expect((await notificationsOf(reader, '&unread=true')).unreadCount).toBe(1);

      const all = await reader.client.post('/notifications/read');
      expectStatus(all, 200);
      expect(all.json()).toEqual({ updated: 1 });
      const after = await notificationsOf(reader);
      expect(after.unreadCount).toBe(0);
      expect(after.items).toHaveLength(2);
      expect((await notificationsOf(reader, '&unread=true')).items).toEqual([]);
      expect((await reader.client.post('/notifications/read')).json()).toEqual({ updated: 0 });
    });
  });

  describe('isolation', () => {
    it('answers 404 on every route to somebody outside the conversation, and stores nothing', async () => {
      const group = await startConversation(alice, [bob], 'Private');
      const message = await sendMessage(alice, group.id, 'secret plans');
      const bobsNotification = (await notificationsOf(bob)).items.find(
        (item) => item.conversationId === group.id,
      )!;
      const before = {
        conversation: await conversationOf(alice, group.id),
        messages: await messagesOf(alice, group.id),
        events: await eventsOf(alice, group.id),
      };

      const c = carol.client;
      const calls: [string, string, unknown?][] = [
        ['GET', `/conversations/${group.id}`],
        ['PATCH', `/conversations/${group.id}`, { title: 'mine now' }],
        ['PATCH', `/conversations/${group.id}`, { archived: true }],
        ['POST', `/conversations/${group.id}/members`, { userIds: [carol.id] }],
        ['DELETE', `/conversations/${group.id}/members/${bob.id}`],
        ['DELETE', `/conversations/${group.id}/members/${carol.id}`],
        ['GET', `/conversations/${group.id}/messages`],
        ['POST', `/conversations/${group.id}/messages`, { body: 'let me in' }],
        ['POST', `/conversations/${group.id}/read`, { seq: 1 }],
        ['GET', `/conversations/${group.id}/events?afterSeq=0`],
        ['PATCH', `/messages/${message.id}`, { body: 'edited by a stranger' }],
        ['DELETE', `/messages/${message.id}`],
        ['POST', `/messages/${message.id}/reactions`, { emoji: '👀' }],
        ['DELETE', `/messages/${message.id}/reactions/${encodeURIComponent('👀')}`],
        ['GET', `/messages/search?q=secret&conversationId=${group.id}`],
        ['POST', `/notifications/${bobsNotification.id}/read`],
      ];
      for (const [method, url, payload] of calls) {
        const response = await c.request({
          method: method as 'GET',
          url,
          ...(payload === undefined ? {} : { payload: payload as string }),
        });
        expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 404 });
        expectProblem(response, 404, 'not-found');
      }
      // Search without a conversation only looks into the caller's own conversations.
      const search = (await c.get('/messages/search?q=secret')).json<Page<{ conversationId: string }>>();
      expect(search.items.filter((hit) => hit.conversationId === group.id)).toEqual([]);

      expect({
        conversation: await conversationOf(alice, group.id),
        messages: await messagesOf(alice, group.id),
        events: await eventsOf(alice, group.id),
      }).toEqual(before);
      expect(
        (await notificationsOf(bob)).items.find((item) => item.id === bobsNotification.id)?.readAt,
      ).toBeNull();
    });

    it('answers 404 for conversations, messages and notifications that do not exist', async () => {
      const missing = '01890000-0000-7000-8000-0000000000ff';
      for (const url of [`/conversations/${missing}`, `/conversations/${missing}/messages`]) {
        expectProblem(await alice.client.get(url), 404, 'not-found');
      }
      expectProblem(await alice.client.post(`/conversations/${missing}/messages`, { body: 'x' }), 404);
      expectProblem(await alice.client.patch(`/messages/${missing}`, { body: 'x' }), 404);
      expectProblem(await alice.client.delete(`/messages/${missing}`), 404);
      expectProblem(await alice.client.post(`/messages/${missing}/reactions`, { emoji: '👍' }), 404);
      expectProblem(await alice.client.post(`/notifications/${missing}/read`), 404, 'not-found');
    });
  });
});
