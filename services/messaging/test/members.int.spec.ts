import { randomUUID } from 'node:crypto';
import { messagingRpc, type RoomEvent, roomEventDomainType } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { fieldsOf, MessagingTestBed, type TestUser } from './messaging-test-bed';

/** Adding and removing members, roles and leaving, against the real services, Postgres and Redis. */
describe('messaging service: members', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('messaging_members');
  });

  afterAll(async () => {
    await bed?.close();
  });

  async function group(owner: TestUser, others: TestUser[], title = 'Team'): Promise<string> {
    const { conversation } = await bed.call(messagingRpc.createConversation, {
      userId: owner.id,
      type: 'group',
      memberIds: others.map((user) => user.id),
      title,
    });
    return conversation.id;
  }

  function add(caller: TestUser, conversationId: string, users: TestUser[], role?: 'admin' | 'member') {
    return bed.call(messagingRpc.addMembers, {
      userId: caller.id,
      conversationId,
      userIds: users.map((user) => user.id),
      role,
    });
  }

  function remove(caller: TestUser, conversationId: string, member: TestUser) {
    return bed.call(messagingRpc.removeMember, {
      userId: caller.id,
      conversationId,
      memberUserId: member.id,
    });
  }

  function removal(caller: TestUser, conversationId: string, member: TestUser) {
    return bed.failure(messagingRpc.removeMember, {
      userId: caller.id,
      conversationId,
      memberUserId: member.id,
    });
  }

  async function rolesOf(conversationId: string): Promise<Record<string, string>> {
    const rows = await bed.query<{ user_id: string; role: string }>(
      'SELECT user_id, role FROM messaging.members WHERE conversation_id = $1',
      [conversationId],
    );
    return Object.fromEntries(rows.map((row) => [row.user_id, row.role]));
  }

  const typesAndSeqs = (events: RoomEvent[]) => events.map((event) => [event.type, event.seq]);

  describe('adding', () => {
    it('adds new people with one member:added event each (next seqs), leaving existing members as they are', async () => {
      const [owner, ada, bob, cy] = await bed.registerUsers(4, 'add');
      const conversationId = await group(owner, [ada]);
      const answer = await add(owner, conversationId, [ada, bob, cy]);
      expect(answer.added.map((member) => [member.userId, member.role])).toEqual([
        [bob.id, 'member'],
        [cy.id, 'member'],
      ]);
      expect(answer.conversation.members.map((member) => member.userId)).toEqual([
        owner.id,
        ada.id,
        bob.id,
        cy.id,
      ]);
      expect(answer.conversation.lastSeq).toBe(4);

      const events = await bed.roomEvents(conversationId);
      expect(typesAndSeqs(events)).toEqual([
        ['member:added', 1],
        ['member:added', 2],
        ['member:added', 3],
        ['member:added', 4],
      ]);
      expect(events.at(-1)).toMatchObject({
        actorId: owner.id,
        member: { userId: cy.id, username: cy.username },
        conversation: { lastSeq: 4 },
      });

      // Everyone already in: nothing changes, no event.
      const again = await add(owner, conversationId, [ada, bob]);
      expect(again.added).toEqual([]);
      expect(await bed.roomEvents(conversationId)).toHaveLength(4);
    });

    it('lets admins add members but only the owner add admins; plain members add nobody', async () => {
      const [owner, admin, plain, x, y, z] = await bed.registerUsers(6, 'roles');
      const conversationId = await group(owner, [plain]);
      await add(owner, conversationId, [admin], 'admin');

      expect((await add(admin, conversationId, [x])).added.map((member) => member.userId)).toEqual([x.id]);
      const adminAddsAdmin = await bed.failure(messagingRpc.addMembers, {
        userId: admin.id,
        conversationId,
        userIds: [y.id],
        role: 'admin',
      });
      expect(adminAddsAdmin.code).toBe('FORBIDDEN');
      const plainAdds = await bed.failure(messagingRpc.addMembers, {
        userId: plain.id,
        conversationId,
        userIds: [z.id],
      });
      expect(plainAdds.code).toBe('FORBIDDEN');
      expect(await rolesOf(conversationId)).toEqual({
        [owner.id]: 'owner',
        [plain.id]: 'member',
        [admin.id]: 'admin',
        [x.id]: 'member',
      });
    });

    it('refuses unknown or disabled people with VALIDATION naming userIds, storing nothing', async () => {
      const [owner, gone] = await bed.registerUsers(2, 'nobody');
      const conversationId = await group(owner, []);
      await bed.disableUser(gone.id);
      for (const userIds of [[randomUUID()], [gone.id]]) {
        const error = await bed.failure(messagingRpc.addMembers, {
          userId: owner.id,
          conversationId,
          userIds,
        });
        expect(error.code).toBe('VALIDATION');
        expect(fieldsOf(error)).toEqual(['userIds']);
      }
      expect(await bed.roomEvents(conversationId)).toHaveLength(1);
    });

    it('learns people it has not heard of yet from auth (lookup) and shows their names', async () => {
      const [owner] = await bed.registerUsers(1, 'lookup');
      const newcomer = await bed.registerUser('newcomer');
      // As if user.registered had not arrived yet.
      await bed.query('DELETE FROM messaging.users WHERE user_id = $1', [newcomer.id]);
      const conversationId = await group(owner, []);
      const { added } = await add(owner, conversationId, [newcomer]);
      expect(added).toEqual([expect.objectContaining({ userId: newcomer.id, username: newcomer.username })]);
    });

    it('notifies each added person (added_to_conversation, the title as preview), never the one adding', async () => {
      const [owner, ada, bob] = await bed.registerUsers(3, 'notify');
      const conversationId = await group(owner, [ada], 'Design review');
      await add(owner, conversationId, [bob]);
      for (const user of [ada, bob]) {
        const { items } = await bed.call(messagingRpc.listNotifications, { userId: user.id });
        expect(items).toEqual([
          expect.objectContaining({
            kind: 'added_to_conversation',
            conversationId,
            messageId: null,
            actorId: owner.id,
            preview: 'Design review',
            readAt: null,
          }),
        ]);
        const events = await bed.notificationEvents(user.id);
        expect(events.map((event) => event.data.notification)).toEqual(items);
      }
      expect((await bed.call(messagingRpc.listNotifications, { userId: owner.id })).items).toEqual([]);
    });
  });

  describe('removing and leaving', () => {
    it('removes a member at once: member:removed with the conversation without them, and they lose access', async () => {
      const [owner, ada, bob] = await bed.registerUsers(3, 'rm');
      const conversationId = await group(owner, [ada, bob]);
      await remove(owner, conversationId, bob);

      const last = (await bed.roomEvents(conversationId)).at(-1)!;
      expect(last).toMatchObject({ type: 'member:removed', seq: 4, userId: bob.id, actorId: owner.id });
      const members = (last as Extract<RoomEvent, { type: 'member:removed' }>).conversation.members;
      expect(members.map((member) => member.userId)).toEqual([owner.id, ada.id]);
      const outbox = await bed.outbox(conversationId);
      expect(outbox.at(-1)?.type).toBe('conversation.member_removed');

      for (const error of [
        await bed.failure(messagingRpc.getConversation, { userId: bob.id, conversationId }),
        await bed.failure(messagingRpc.conversationEvents, { userId: bob.id, conversationId, afterSeq: 0 }),
      ]) {
        expect(error.code).toBe('NOT_FOUND');
      }
      expect((await bed.call(messagingRpc.conversationRooms, { userId: bob.id })).conversationIds).toEqual(
        [],
      );
      const again = await removal(owner, conversationId, bob);
      expect(again.toBody()).toEqual({ code: 'NOT_FOUND', message: 'no such member' });
    });

    it('lets anyone leave; admins remove members only; owners remove admins; nobody removes the owner', async () => {
      const [owner, admin, other, plain, leaver] = await bed.registerUsers(5, 'rules');
      const conversationId = await group(owner, [plain, leaver]);
      await add(owner, conversationId, [admin, other], 'admin');

      await remove(leaver, conversationId, leaver);
      expect((await bed.roomEvents(conversationId)).at(-1)).toMatchObject({
        type: 'member:removed',
        userId: leaver.id,
        actorId: leaver.id,
      });

      expect((await removal(plain, conversationId, admin)).code).toBe('FORBIDDEN');
      expect((await removal(admin, conversationId, other)).code).toBe('FORBIDDEN');
      expect((await removal(admin, conversationId, owner)).code).toBe('FORBIDDEN');
      await remove(admin, conversationId, plain);
      await remove(owner, conversationId, other);
      expect(await rolesOf(conversationId)).toEqual({ [owner.id]: 'owner', [admin.id]: 'admin' });
    });

    it('passes ownership to the longest-standing admin when the owner leaves (conversation:updated, then member:removed)', async () => {
      const [owner, plain, admin] = await bed.registerUsers(3, 'heir');
      const conversationId = await group(owner, [plain]);
      await add(owner, conversationId, [admin], 'admin');
      await remove(owner, conversationId, owner);

      const events = await bed.roomEvents(conversationId);
      expect(typesAndSeqs(events.slice(-2))).toEqual([
        ['conversation:updated', 4],
        ['member:removed', 5],
      ]);
      expect(events.at(-2)).toMatchObject({ changed: ['roles'] });
      expect(await rolesOf(conversationId)).toEqual({ [plain.id]: 'member', [admin.id]: 'owner' });

      // Without admins the longest-standing member takes over.
      const [first, second, third] = await bed.registerUsers(3, 'heir2');
      const other = await group(first, [second, third]);
      await remove(first, other, first);
      expect(await rolesOf(other)).toEqual({ [second.id]: 'owner', [third.id]: 'member' });
    });
  });

  describe('events', () => {
    it('numbers every change of a conversation 1, 2, 3… without gaps, in the log and the outbox alike', async () => {
      const [owner, ada, bob, cy] = await bed.registerUsers(4, 'seq');
      const conversationId = await group(owner, [ada]);
      await Promise.all([
        add(owner, conversationId, [bob]),
        add(owner, conversationId, [cy]),
        bed.call(messagingRpc.updateConversation, { userId: owner.id, conversationId, title: 'Renamed' }),
      ]);
      await remove(ada, conversationId, ada);
      const outbox = await bed.roomEvents(conversationId);
      expect(outbox.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      const log = await bed.call(messagingRpc.conversationEvents, {
        userId: owner.id,
        conversationId,
        afterSeq: 0,
      });
      expect(log.events).toEqual(outbox);
      expect(log.lastSeq).toBe(6);

      // The relay publishes them in the same order, each as its domain event with the room event as data.
      const published = async () =>
        (await bed.publishedEvents()).filter(
          (event) => (event.data as { conversationId?: string }).conversationId === conversationId,
        );
      await waitFor(async () => (await published()).length === 6, { description: 'the relay to publish' });
      expect((await published()).map((event) => [event.type, event.data])).toEqual(
        outbox.map((event) => [roomEventDomainType[event.type], event]),
      );
    });
  });
});
