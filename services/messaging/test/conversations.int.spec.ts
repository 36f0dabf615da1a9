import { randomUUID } from 'node:crypto';
import { type ConversationView, messagingRpc, type RoomEvent } from '@tracera/contracts';
import { fieldsOf, MessagingTestBed, type TestUser } from './messaging-test-bed';
import { type RpcError, type SchemaIssue } from '@tracera/streams';

/** Conversations against the real messaging, auth and content services, Postgres and Redis. */
describe('messaging service: conversations', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('messaging_conversations');
  });

  afterAll(async () => {
    await bed?.close();
  });

  function group(owner: TestUser, others: TestUser[], title = 'Team', idempotencyKey?: string) {
    return bed.call(messagingRpc.createConversation, {
      userId: owner.id,
      type: 'group',
      memberIds: others.map((user) => user.id),
      title,
      idempotencyKey,
    });
  }

  function direct(from: TestUser, to: TestUser) {
    return bed.call(messagingRpc.createConversation, { userId: from.id, type: 'direct', memberIds: [to.id] });
  }

  const memberIdsOf = (conversation: { members: { userId: string }[] }) =>
    conversation.members.map((member) => member.userId);

  describe('direct conversations', () => {
    it('makes one per pair: whoever starts it again gets the same one with created: false', async () => {
      const [ada, bob] = await bed.registerUsers(2, 'direct');
      const first = await direct(ada, bob);
      expect(first.created).toBe(true);
      expect(first.conversation).toMatchObject({
        type: 'direct',
        title: null,
        createdBy: ada.id,
        myRole: 'member',
        archived: false,
        lastReadSeq: 0,
        unreadCount: 0,
        lastSeq: 2,
      });
      expect(memberIdsOf(first.conversation)).toEqual([ada.id, bob.id]);
      expect(first.conversation.members[1]).toMatchObject({ username: bob.username, role: 'member' });

      const again = await direct(ada, bob);
      const reverse = await direct(bob, ada);
      expect(again).toMatchObject({ created: false, conversation: { id: first.conversation.id } });
      expect(reverse).toMatchObject({ created: false, conversation: { id: first.conversation.id } });
      expect(await bed.count('conversations', 'WHERE id = $1', [first.conversation.id])).toBe(1);
      // The repeats changed nothing: still the two member:added events.
      expect((await bed.roomEvents(first.conversation.id)).map((event) => event.seq)).toEqual([1, 2]);
    });

    it('makes exactly one of concurrent creates of the same pair', async () => {
      const [ada, bob] = await bed.registerUsers(2, 'race');
      const answers = await Promise.all([direct(ada, bob), direct(bob, ada), direct(ada, bob)]);
      expect(new Set(answers.map((answer) => answer.conversation.id)).size).toBe(1);
      expect(answers.filter((answer) => answer.created)).toHaveLength(1);
      expect((await bed.roomEvents(answers[0].conversation.id)).map((event) => event.seq)).toEqual([1, 2]);
    });

    it('keeps both people: nobody leaves or is added, and it has no title', async () => {
      const [ada, bob, cy] = await bed.registerUsers(3, 'keep');
      const { conversation } = await direct(ada, bob);
      const leave = await bed.failure(messagingRpc.removeMember, {
        userId: ada.id,
        conversationId: conversation.id,
        memberUserId: ada.id,
      });
      expect(leave.code).toBe('FORBIDDEN');
      const add = await bed.failure(messagingRpc.addMembers, {
        userId: ada.id,
        conversationId: conversation.id,
        userIds: [cy.id],
      });
      expect(add.code).toBe('VALIDATION');
      expect(fieldsOf(add)).toEqual(['userIds']);
      const rename = await bed.failure(messagingRpc.updateConversation, {
        userId: ada.id,
        conversationId: conversation.id,
        title: 'Ours',
      });
      expect(fieldsOf(rename)).toEqual(['title']);
      expect((await bed.roomEvents(conversation.id)).map((event) => event.type)).toEqual([
        'member:added',
        'member:added',
      ]);
    });
  });

  describe('groups', () => {
    it('adds the creator as owner and each member with one member:added event, seq 1..n, through the outbox', async () => {
      const [owner, ada, bob] = await bed.registerUsers(3, 'grp');
      const { conversation, created } = await group(owner, [ada, bob], 'Launch');
      expect(created).toBe(true);
      expect(conversation).toMatchObject({ type: 'group', title: 'Launch', myRole: 'owner', lastSeq: 3 });
      expect(conversation.members.map((member) => [member.userId, member.role])).toEqual([
        [owner.id, 'owner'],
        [ada.id, 'member'],
        [bob.id, 'member'],
      ]);

      const events = await bed.roomEvents(conversation.id);
      expect(events.map((event) => [event.type, event.seq])).toEqual([
        ['member:added', 1],
        ['member:added', 2],
        ['member:added', 3],
      ]);
      const added = events as Extract<RoomEvent, { type: 'member:added' }>[];
      expect(added.map((event) => event.member.userId)).toEqual([owner.id, ada.id, bob.id]);
      // Each event carries the conversation right after that member joined.
      expect(added.map((event) => [event.conversation.lastSeq, event.conversation.members.length])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(added.every((event) => event.actorId === owner.id)).toBe(true);
      const domainTypes = (await bed.outbox(conversation.id)).map((event) => event.type);
      expect(domainTypes).toEqual([
        'conversation.member_added',
        'conversation.member_added',
        'conversation.member_added',
      ]);
      // The log answers the same events for resync.
      const log = await bed.call(messagingRpc.conversationEvents, {
        userId: owner.id,
        conversationId: conversation.id,
        afterSeq: 0,
      });
      expect(log).toEqual({ events, hasMore: false, lastSeq: 3 });
    });

    it('lets owners and admins rename (a conversation:updated event), not plain members', async () => {
      const [owner, admin, plain] = await bed.registerUsers(3, 'ren');
      const { conversation } = await group(owner, [plain]);
      await bed.call(messagingRpc.addMembers, {
        userId: owner.id,
        conversationId: conversation.id,
        userIds: [admin.id],
        role: 'admin',
      });

      const refused = await bed.failure(messagingRpc.updateConversation, {
        userId: plain.id,
        conversationId: conversation.id,
        title: 'Mine now',
      });
      expect(refused.code).toBe('FORBIDDEN');

      const renamed = await bed.call(messagingRpc.updateConversation, {
        userId: admin.id,
        conversationId: conversation.id,
        title: 'Renamed',
      });
      expect(renamed.conversation).toMatchObject({ title: 'Renamed', myRole: 'admin', lastSeq: 4 });
      const last = (await bed.roomEvents(conversation.id)).at(-1)!;
      expect(last).toMatchObject({
        type: 'conversation:updated',
        seq: 4,
        actorId: admin.id,
        changed: ['title'],
        conversation: { title: 'Renamed', lastSeq: 4 },
      });

      // The same title again is no change and no event.
      await bed.call(messagingRpc.updateConversation, {
        userId: owner.id,
        conversationId: conversation.id,
        title: 'Renamed',
      });
      expect((await bed.roomEvents(conversation.id)).map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    });

    it('archives for the caller alone, without an event, and filters the list by it', async () => {
      const [ada, bob] = await bed.registerUsers(2, 'arch');
      const { conversation } = await group(ada, [bob], 'Archive me');
      const archived = await bed.call(messagingRpc.updateConversation, {
        userId: bob.id,
        conversationId: conversation.id,
        archived: true,
      });
      expect(archived.conversation.archived).toBe(true);
      const forAda = await bed.call(messagingRpc.getConversation, {
        userId: ada.id,
        conversationId: conversation.id,
      });
      expect(forAda.conversation.archived).toBe(false);

      const bobArchived = await bed.call(messagingRpc.listConversations, { userId: bob.id, archived: true });
      const bobActive = await bed.call(messagingRpc.listConversations, { userId: bob.id, archived: false });
      expect(bobArchived.items.map((item) => item.id)).toEqual([conversation.id]);
      expect(bobActive.items).toEqual([]);
      expect((await bed.roomEvents(conversation.id)).map((event) => event.type)).toEqual([
        'member:added',
        'member:added',
      ]);
    });
  });

  describe('idempotent create', () => {
    it('answers a retry with the same Idempotency-Key with the same conversation and stores one', async () => {
      const [owner, ada] = await bed.registerUsers(2, 'idem');
      const key = `create-${randomUUID()}`;
      const first = await group(owner, [ada], 'Once', key);
      const retry = await group(owner, [ada], 'Once', key);
      expect(first.created).toBe(true);
      expect(retry).toMatchObject({ created: false, conversation: { id: first.conversation.id } });
      expect(await bed.count('conversations', 'WHERE created_by = $1', [owner.id])).toBe(1);
      expect(await bed.roomEvents(first.conversation.id)).toHaveLength(2);

      const concurrentKey = `create-${randomUUID()}`;
      const racing = await Promise.all([1, 2, 3].map(() => group(owner, [ada], 'Racing', concurrentKey)));
      expect(new Set(racing.map((answer) => answer.conversation.id)).size).toBe(1);
      expect(await bed.count('conversations', 'WHERE created_by = $1', [owner.id])).toBe(2);
    });

    it('refuses the same key with a different request (VALIDATION naming Idempotency-Key), storing nothing', async () => {
      const [owner, ada] = await bed.registerUsers(2, 'idem2');
      const key = `create-${randomUUID()}`;
      await group(owner, [ada], 'First', key);
      const error = await bed.failure(messagingRpc.createConversation, {
        userId: owner.id,
        type: 'group',
        memberIds: [ada.id],
        title: 'Second',
        idempotencyKey: key,
      });
      expect(error.code).toBe('VALIDATION');
      expect(fieldsOf(error)).toEqual(['Idempotency-Key']);
      expect(await bed.count('conversations', 'WHERE created_by = $1', [owner.id])).toBe(1);
    });
  });

  describe('bad input', () => {
    it.each([
      ['a direct conversation with two others', 'direct', 2, undefined, 'memberIds'],
      ['a direct conversation with nobody', 'direct', 0, undefined, 'memberIds'],
      ['a direct conversation with a title', 'direct', 1, 'Title', 'title'],
      ['a group without a title', 'group', 1, undefined, 'title'],
    ] as const)(
      'refuses %s with VALIDATION naming the field, storing nothing',
      async (_case, type, others, title, field) => {
        const [caller, ...rest] = await bed.registerUsers(1 + others, 'bad');
        const error = await bed.failure(messagingRpc.createConversation, {
          userId: caller.id,
          type,
          memberIds: rest.map((user) => user.id),
          title,
        });
        expect(error.code).toBe('VALIDATION');
        expect(fieldsOf(error)).toEqual([field]);
        expect(await bed.count('conversations', 'WHERE created_by = $1', [caller.id])).toBe(0);
      },
    );

    it('refuses the caller among the members, unknown and disabled people, storing nothing', async () => {
      const [caller, gone] = await bed.registerUsers(2, 'who');
      await bed.disableUser(gone.id);
      for (const memberIds of [[caller.id], [randomUUID()], [gone.id]]) {
        const error = await bed.failure(messagingRpc.createConversation, {
          userId: caller.id,
          type: 'group',
          memberIds,
          title: 'Nope',
        });
        expect(error.code).toBe('VALIDATION');
        expect(fieldsOf(error)).toEqual(['memberIds']);
      }
      expect(await bed.count('conversations', 'WHERE created_by = $1', [caller.id])).toBe(0);
      expect(await bed.count('outbox', `WHERE type LIKE 'conversation.%' AND actor = $1`, [caller.id])).toBe(
        0,
      );
    });

    it.each([
      ['a NUL', 'nul\u0000title'],
      ['half a surrogate pair', 'broken \ud83d'],
    ])(
      'refuses a title with %s (INVALID_REQUEST naming title) on create and rename, storing nothing',
      async (_case, title) => {
        const [caller, other] = await bed.registerUsers(2, 'text');
        const create = await bed.failure(messagingRpc.createConversation, {
          userId: caller.id,
          type: 'group',
          memberIds: [other.id],
          title,
        });
        expect(create.code).toBe('INVALID_REQUEST');
        expect(issuePathsOf(create)).toEqual(['title']);
        const { conversation } = await group(caller, [other], 'Fine');
        const rename = await bed.failure(messagingRpc.updateConversation, {
          userId: caller.id,
          conversationId: conversation.id,
          title,
        });
        expect(issuePathsOf(rename)).toEqual(['title']);
        expect(await bed.count('conversations', 'WHERE created_by = $1', [caller.id])).toBe(1);
        expect(await bed.roomEvents(conversation.id)).toHaveLength(2);
      },
    );

    it('refuses a malformed request before it reaches the service (INVALID_REQUEST)', async () => {
      const [caller, other] = await bed.registerUsers(2, 'shape');
      const error = await bed.failure(messagingRpc.createConversation, {
        userId: caller.id,
        type: 'group',
        memberIds: [other.id, other.id],
        title: 'Twice',
      });
      expect(error.code).toBe('INVALID_REQUEST');
    });
  });

  describe('isolation', () => {
    it('answers NOT_FOUND to a non-member for every conversation RPC, exactly as for no conversation, and stores nothing', async () => {
      const [owner, member, stranger] = await bed.registerUsers(3, 'iso');
      const { conversation } = await group(owner, [member], 'Private');
      const before = await bed.roomEvents(conversation.id);
      const conversationId = conversation.id;
      for (const id of [conversationId, randomUUID()]) {
        const attempts = [
          bed.failure(messagingRpc.getConversation, { userId: stranger.id, conversationId: id }),
          bed.failure(messagingRpc.updateConversation, {
            userId: stranger.id,
            conversationId: id,
            title: 'Mine',
          }),
          bed.failure(messagingRpc.updateConversation, {
            userId: stranger.id,
            conversationId: id,
            archived: true,
          }),
          bed.failure(messagingRpc.addMembers, {
            userId: stranger.id,
            conversationId: id,
            userIds: [stranger.id],
          }),
          bed.failure(messagingRpc.removeMember, {
            userId: stranger.id,
            conversationId: id,
            memberUserId: member.id,
          }),
          bed.failure(messagingRpc.markRead, { userId: stranger.id, conversationId: id, seq: 1 }),
          bed.failure(messagingRpc.conversationEvents, {
            userId: stranger.id,
            conversationId: id,
            afterSeq: 0,
          }),
        ];
        for (const error of await Promise.all(attempts)) {
          expect(error.toBody()).toEqual({ code: 'NOT_FOUND', message: 'no such conversation' });
        }
      }
      expect(await bed.roomEvents(conversationId)).toEqual(before);
      expect(await bed.count('members', 'WHERE user_id = $1', [stranger.id])).toBe(0);
      expect((await bed.call(messagingRpc.listConversations, { userId: stranger.id })).items).toEqual([]);
      expect(await bed.call(messagingRpc.conversationRooms, { userId: stranger.id })).toEqual({
        conversationIds: [],
      });
    });
  });

  describe('list and rooms', () => {
    it("lists the caller's conversations, newest activity first, page by page", async () => {
      const [me, ada, bob, cy] = await bed.registerUsers(4, 'list');
      const made: ConversationView[] = [];
      for (const other of [ada, bob, cy]) made.push((await direct(me, other)).conversation);

      const first = await bed.call(messagingRpc.listConversations, { userId: me.id, limit: 2 });
      expect(first.items.map((item) => item.id)).toEqual([made[2].id, made[1].id]);
      expect(first.nextCursor).not.toBeNull();
      const second = await bed.call(messagingRpc.listConversations, {
        userId: me.id,
        limit: 2,
        cursor: first.nextCursor!,
      });
      expect(second.items.map((item) => item.id)).toEqual([made[0].id]);
      expect(second.nextCursor).toBeNull();
      expect(first.items[0]).toMatchObject({ myRole: 'member', lastReadSeq: 0, unreadCount: 0 });
      expect(first.items[0].members.map((member) => member.userId)).toEqual([me.id, cy.id]);
      expect([...first.items, ...second.items].map((item) => item.lastMessage)).toEqual([null, null, null]);

      const rooms = await bed.call(messagingRpc.conversationRooms, { userId: me.id });
      expect([...rooms.conversationIds].sort()).toEqual(made.map((item) => item.id).sort());

      const bad = await bed.failure(messagingRpc.listConversations, { userId: me.id, cursor: 'garbage' });
      expect(bad.code).toBe('VALIDATION');
      expect(fieldsOf(bad)).toEqual(['cursor']);
    });

    it("carries each conversation's newest message (with reactions, deleted ones emptied), as get does", async () => {
      const [me, ada, bob] = await bed.registerUsers(3, 'last');
      const withAda = (await direct(me, ada)).conversation;
      const withBob = (await direct(me, bob)).conversation;
      const call = (userId: string, body: string, conversationId = withAda.id) =>
        bed.call(messagingRpc.sendMessage, { userId, conversationId, body });
      await call(me.id, 'first');
      const { message: newest } = await call(ada.id, 'second @' + me.username);
      await bed.call(messagingRpc.addReaction, { userId: me.id, messageId: newest.id, emoji: '👍' });

      const list = await bed.call(messagingRpc.listConversations, { userId: me.id });
      expect(list.items.map((item) => item.id)).toEqual([withAda.id, withBob.id]);
      const expected = { ...newest, reactions: [{ emoji: '👍', count: 1, userIds: [me.id] }] };
      expect(list.items[0].lastMessage).toEqual(expected);
      expect(list.items[1].lastMessage).toBeNull();
      const got = await bed.call(messagingRpc.getConversation, {
        userId: ada.id,
        conversationId: withAda.id,
      });
      expect(got.conversation.lastMessage).toEqual(expected);

      // A deleted newest message stays the newest, emptied, so a preview can say so.
      await bed.call(messagingRpc.deleteMessage, { userId: ada.id, messageId: newest.id });
      const after = await bed.call(messagingRpc.listConversations, { userId: me.id });
      expect(after.items[0].lastMessage).toMatchObject({
        id: newest.id,
        seq: newest.seq,
        body: '',
        mentions: [],
        reactions: [],
      });
      expect(after.items[0].lastMessage?.deletedAt).not.toBeNull();
    });
  });
});

/** The fields a request failed its contract schema on (INVALID_REQUEST details). */
function issuePathsOf(error: RpcError): string[] {
  return (error.details as { issues: SchemaIssue[] }).issues.map((issue) => issue.path);
}
