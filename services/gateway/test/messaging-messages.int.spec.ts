import { expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import {
  conversationOf,
  eventsOf,
  expectStatus,
  type Message,
  messagesOf,
  type Page,
  type RoomEvent,
  sendMessage,
  startConversation,
} from './messaging-api.fixture';

/** The real gateway, auth, content and messaging services: messages, reactions, read markers, resync, search. */
describe('messaging API: messages, reactions, read markers, resync and search', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let carol: SignedInUser;

  beforeAll(async () => {
    stack = await startContentStack({ withMessaging: true });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
    carol = await registerUser(stack, 'carol');
  });
  afterAll(async () => {
    await stack?.close();
  });

  describe('sending and listing', () => {
    it('sends messages with consecutive seqs and lists them oldest first, paging both ways', async () => {
      const group = await startConversation(alice, [bob], 'Paging');
      const sent: Message[] = [];
      for (const body of ['one', 'two', 'three', 'four', 'five']) {
        sent.push(await sendMessage(body === 'three' ? bob : alice, group.id, body));
      }
      expect(sent[0]).toMatchObject({
        conversationId: group.id,
        senderId: alice.id,
        body: 'one',
        attachments: [],
        reactions: [],
        mentions: [],
        clientId: null,
        editedAt: null,
        deletedAt: null,
      });
      // Creating the group took seqs 1 and 2 (one member:added each).
      expect(sent.map((message) => message.seq)).toEqual([3, 4, 5, 6, 7]);
      expect(await messagesOf(bob, group.id)).toEqual(sent);

      const newest = await alice.client.get(`/conversations/${group.id}/messages?limit=2`);
      expectStatus(newest, 200);
      const page1 = newest.json<Page<Message>>();
      expect(page1.items.map((message) => message.body)).toEqual(['four', 'five']);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const page2 = (
        await alice.client.get(`/conversations/${group.id}/messages?limit=2&before=${page1.nextCursor}`)
      ).json<Page<Message>>();
      expect(page2.items.map((message) => message.body)).toEqual(['two', 'three']);
      const page3 = (
        await alice.client.get(`/conversations/${group.id}/messages?limit=2&before=${page2.nextCursor}`)
      ).json<Page<Message>>();
      expect(page3).toEqual({ items: [sent[0]], nextCursor: null });

      const forward = (
        await alice.client.get(`/conversations/${group.id}/messages?limit=3&after=${sent[0].seq}`)
      ).json<Page<Message>>();
      expect(forward.items.map((message) => message.body)).toEqual(['two', 'three', 'four']);
      const forward2 = (
        await alice.client.get(`/conversations/${group.id}/messages?limit=3&after=${forward.nextCursor}`)
      ).json<Page<Message>>();
      expect(forward2).toEqual({ items: [sent[4]], nextCursor: null });

      expect((await conversationOf(alice, group.id)).lastMessageAt).toBe(sent[4].createdAt);
    });

    it('answers a retry with the same clientId or Idempotency-Key with the first message (200), storing one', async () => {
      const direct = await startConversation(alice, [carol]);
      const url = `/conversations/${direct.id}/messages`;
      const first = await alice.client.post(url, { body: 'only once', clientId: 'c-1' });
      expectStatus(first, 201);
      const retry = await alice.client.post(url, { body: 'only once', clientId: 'c-1' });
      expectStatus(retry, 200);
      expect(retry.json()).toEqual(first.json());

      const keyed = {
        method: 'POST' as const,
        url,
        payload: { body: 'keyed' },
        headers: { 'idempotency-key': 'k-1' },
      };
      const keyedFirst = await alice.client.request(keyed);
      expectStatus(keyedFirst, 201);
      const keyedRetry = await alice.client.request(keyed);
      expectStatus(keyedRetry, 200);
      expect(keyedRetry.json()).toEqual(keyedFirst.json());

      expect((await messagesOf(alice, direct.id)).map((message) => message.body)).toEqual([
        'only once',
        'keyed',
      ]);
      // The same clientId from another sender is their own message.
      expectStatus(await carol.client.post(url, { body: 'mine', clientId: 'c-1' }), 201);
    });

    it('attaches the sender’s own items with their titles and refuses anybody else’s with 422', async () => {
      const direct = await startConversation(alice, [bob]);
      const note = (await alice.client.post('/notes', { title: 'Plan', body: 'steps' })).json<{
        note: { id: string };
      }>().note;
      const bobsTask = (await bob.client.post('/tasks', { title: 'Bob only' })).json<{
        task: { id: string };
      }>().task;

      const message = await sendMessage(alice, direct.id, 'see attached', {
        attachments: [{ type: 'note', id: note.id }],
      });
      expect(message.attachments).toEqual([{ type: 'note', id: note.id, title: 'Plan' }]);

      const before = await conversationOf(alice, direct.id);
      const foreign = await alice.client.post(`/conversations/${direct.id}/messages`, {
        body: 'not mine',
        attachments: [
          { type: 'note', id: note.id },
          { type: 'task', id: bobsTask.id },
        ],
      });
      expect(problemFields(expectProblem(foreign, 422, 'unprocessable-content'))).toEqual(['attachments.1']);
      const wrongType = await alice.client.post(`/conversations/${direct.id}/messages`, {
        body: 'a note is not a bookmark',
        attachments: [{ type: 'bookmark', id: note.id }],
      });
      expect(problemFields(expectProblem(wrongType, 422))).toEqual(['attachments.0']);
      expect(await conversationOf(alice, direct.id)).toEqual(before);
      expect((await messagesOf(alice, direct.id)).map((item) => item.body)).toEqual(['see attached']);
    });
  });

  describe('editing and deleting', () => {
    it('lets the sender edit, refuses others with 403 and a deleted message with 409', async () => {
      const group = await startConversation(alice, [bob], 'Edits');
      const message = await sendMessage(bob, group.id, 'draft');

      const edited = await bob.client.patch(`/messages/${message.id}`, { body: 'final' });
      expectStatus(edited, 200);
      expect(edited.json<{ message: Message }>().message).toMatchObject({
        id: message.id,
        seq: message.seq,
        body: 'final',
      });
      expect(edited.json<{ message: Message }>().message.editedAt).toEqual(expect.any(String));
      // Even the owner cannot put words in somebody's mouth.
      expectProblem(
        await alice.client.patch(`/messages/${message.id}`, { body: 'owner says' }),
        403,
        'forbidden',
      );

      const deleted = await bob.client.delete(`/messages/${message.id}`);
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      const [gone] = await messagesOf(alice, group.id);
      expect(gone).toMatchObject({
        id: message.id,
        body: '',
        attachments: [],
      });
      expect(gone.deletedAt).toEqual(expect.any(String));
      expectProblem(await bob.client.patch(`/messages/${message.id}`, { body: 'again' }), 409, 'conflict');
      expect((await bob.client.delete(`/messages/${message.id}`)).statusCode).toBe(204);

      const types = (await eventsOf(alice, group.id)).map((event) => event.type);
      expect(types.slice(2)).toEqual(['message:created', 'message:updated', 'message:deleted']);
    });

    it('lets owners and admins delete other members’ messages, but not plain members', async () => {
      const group = await startConversation(alice, [bob, carol], 'Moderation');
      const bobs = await sendMessage(bob, group.id, 'spam');
      expectProblem(await carol.client.delete(`/messages/${bobs.id}`), 403, 'forbidden');
      expect((await messagesOf(alice, group.id))[0].deletedAt).toBeNull();
      expect((await alice.client.delete(`/messages/${bobs.id}`)).statusCode).toBe(204);
      expect((await messagesOf(bob, group.id))[0].deletedAt).toEqual(expect.any(String));
    });
  });

  describe('reactions', () => {
    it('adds (201) and removes (200) reactions; repeating either changes nothing', async () => {
      const group = await startConversation(alice, [bob], 'Reactions');
      const message = await sendMessage(alice, group.id, 'ship it?');
      const thumbs = '👍';

      const added = await bob.client.post(`/messages/${message.id}/reactions`, { emoji: thumbs });
      expectStatus(added, 201);
      expect(added.json<{ message: Message }>().message.reactions).toEqual([
        { emoji: thumbs, count: 1, userIds: [bob.id] },
      ]);
      const again = await bob.client.post(`/messages/${message.id}/reactions`, { emoji: thumbs });
      expect(again.json<{ message: Message }>().message.reactions).toEqual([
        { emoji: thumbs, count: 1, userIds: [bob.id] },
      ]);
      await alice.client.post(`/messages/${message.id}/reactions`, { emoji: thumbs });
      await alice.client.post(`/messages/${message.id}/reactions`, { emoji: ':tada:' });
      const [withReactions] = await messagesOf(bob, group.id);
      const byEmoji = Object.fromEntries(
        withReactions.reactions.map((reaction) => [
          reaction.emoji,
          { ...reaction, userIds: [...reaction.userIds].sort() },
        ]),
      );
      expect(byEmoji).toEqual({
        [thumbs]: { emoji: thumbs, count: 2, userIds: [alice.id, bob.id].sort() },
        ':tada:': { emoji: ':tada:', count: 1, userIds: [alice.id] },
      });

      const removed = await bob.client.delete(
        `/messages/${message.id}/reactions/${encodeURIComponent(thumbs)}`,
      );
      expectStatus(removed, 200);
      expect(removed.json<{ message: Message }>().message.reactions).toEqual(
        expect.arrayContaining([{ emoji: thumbs, count: 1, userIds: [alice.id] }]),
      );
      const missing = await bob.client.delete(
        `/messages/${message.id}/reactions/${encodeURIComponent(thumbs)}`,
      );
      expectStatus(missing, 200);

      const types = (await eventsOf(alice, group.id)).map((event) => event.type);
      expect(types.filter((type) => type.startsWith('reaction:'))).toEqual([
        'reaction:added',
        'reaction:added',
        'reaction:added',
        'reaction:removed',
      ]);

      await alice.client.delete(`/messages/${message.id}`);
      expectProblem(
        await bob.client.post(`/messages/${message.id}/reactions`, { emoji: thumbs }),
        409,
        'conflict',
      );
    });
  });

  describe('read markers and unread counts', () => {
    it('counts others’ messages after the marker, moves it forward only and clamps it to the log', async () => {
      const group = await startConversation(alice, [bob], 'Unread');
      const messages: Message[] = [];
      for (const body of ['a', 'b', 'c']) messages.push(await sendMessage(alice, group.id, body));
      await sendMessage(bob, group.id, 'mine');
      expect(await conversationOf(bob, group.id)).toMatchObject({ unreadCount: 3, lastReadSeq: 0 });
      expect((await conversationOf(alice, group.id)).unreadCount).toBe(1);

      const read = await bob.client.post(`/conversations/${group.id}/read`, { seq: messages[1].seq });
      expectStatus(read, 200);
      expect(read.json()).toEqual({ conversationId: group.id, lastReadSeq: messages[1].seq, unreadCount: 1 });
      expect(await conversationOf(bob, group.id)).toMatchObject({
        unreadCount: 1,
        lastReadSeq: messages[1].seq,
      });

      const backwards = await bob.client.post(`/conversations/${group.id}/read`, { seq: 1 });
      expectStatus(backwards, 200);
      expect(backwards.json()).toMatchObject({ lastReadSeq: messages[1].seq, unreadCount: 1 });

      const beyond = await bob.client.post(`/conversations/${group.id}/read`, { seq: 1_000_000 });
      expectStatus(beyond, 200);
      const clamped = beyond.json<{ lastReadSeq: number; unreadCount: number }>();
      expect(clamped.unreadCount).toBe(0);
      expect(clamped.lastReadSeq).toBeLessThanOrEqual((await conversationOf(bob, group.id)).lastSeq);
      expect(clamped.lastReadSeq).toBeGreaterThanOrEqual(messages[2].seq);

      // A deleted message is not unread any more.
      const extra = await sendMessage(alice, group.id, 'oops');
      expect((await conversationOf(bob, group.id)).unreadCount).toBe(1);
      await alice.client.delete(`/messages/${extra.id}`);
      expect((await conversationOf(bob, group.id)).unreadCount).toBe(0);
    });
  });

  describe('resync', () => {
    it('replays every room event in seq order, in pages, with the log’s last seq', async () => {
      const group = await startConversation(alice, [bob], 'Resync');
      const first = await sendMessage(alice, group.id, 'hello');
      await bob.client.post(`/messages/${first.id}/reactions`, { emoji: '🎉' });
      await bob.client.patch(`/conversations/${group.id}`, { archived: true });
      await alice.client.patch(`/conversations/${group.id}`, { title: 'Resynced' });
      await bob.client.post(`/conversations/${group.id}/read`, { seq: first.seq });
      await alice.client.patch(`/messages/${first.id}`, { body: 'hello!' });

      const all = await bob.client.get(`/conversations/${group.id}/events`);
      expectStatus(all, 200);
      const answer = all.json<{ events: RoomEvent[]; hasMore: boolean; lastSeq: number }>();
      const seqs = answer.events.map((event) => event.seq);
      expect(seqs).toEqual(seqs.map((_seq, index) => index + 1));
      expect(answer.hasMore).toBe(false);
      expect(answer.lastSeq).toBe(seqs.at(-1));
      expect(answer.lastSeq).toBe((await conversationOf(bob, group.id)).lastSeq);
      expect(answer.events.every((event) => event.conversationId === group.id)).toBe(true);
      expect(answer.events.map((event) => event.type)).toEqual([
        'member:added',
        'member:added',
        'message:created',
        'reaction:added',
        'conversation:updated',
        'read:updated',
        'message:updated',
      ]);
      // The log shows the message as it is now: its message:created carries the edit, the old text is gone.
      expect(answer.events[2]).toMatchObject({
        actorId: alice.id,
        message: { id: first.id, body: 'hello!' },
      });
      expect(JSON.stringify(answer.events)).not.toContain('"hello"');

      const page = (await bob.client.get(`/conversations/${group.id}/events?afterSeq=2&limit=2`)).json<{
        events: RoomEvent[];
        hasMore: boolean;
        lastSeq: number;
      }>();
      expect(page.events.map((event) => event.seq)).toEqual([3, 4]);
      expect(page.hasMore).toBe(true);
      expect(page.lastSeq).toBe(answer.lastSeq);
      const tail = (
        await bob.client.get(`/conversations/${group.id}/events?afterSeq=${answer.lastSeq}`)
      ).json<{ events: RoomEvent[]; hasMore: boolean }>();
      expect(tail).toMatchObject({ events: [], hasMore: false });

      // A member added later replays the log from their own joining on.
      expect(
        (await alice.client.post(`/conversations/${group.id}/members`, { userIds: [carol.id] })).statusCode,
      ).toBe(201);
      const joined = await eventsOf(carol, group.id);
      expect(joined.map((event) => [event.seq, event.type])).toEqual([[answer.lastSeq + 1, 'member:added']]);
      expect(joined[0]).toMatchObject({ member: { userId: carol.id } });
    });
  });

  describe('search', () => {
    it('finds words in the caller’s conversations only, newest first, with marked snippets', async () => {
      const word = `zebra${Date.now().toString(36)}`;
      const ours = await startConversation(alice, [bob], 'Search');
      const theirs = await startConversation(carol, [bob], 'Elsewhere');
      const older = await sendMessage(alice, ours.id, `the ${word} <b>escaped</b> here`);
      const newer = await sendMessage(bob, ours.id, `another ${word}`);
      await sendMessage(carol, theirs.id, `a hidden ${word}`);

      const found = await alice.client.get(`/messages/search?q=${word}`);
      expectStatus(found, 200);
      const hits = found.json<Page<{ message: Message; conversationId: string; snippet: string }>>();
      expect(hits.items.map((hit) => hit.message.id)).toEqual([newer.id, older.id]);
      expect(hits.items[1].conversationId).toBe(ours.id);
      expect(hits.items[1].snippet).toContain(`<mark>${word}</mark>`);
      expect(hits.items[1].snippet).not.toContain('<b>');

      const paged = (await alice.client.get(`/messages/search?q=${word}&limit=1`)).json<
        Page<{ message: Message }>
      >();
      expect(paged.items.map((hit) => hit.message.id)).toEqual([newer.id]);
      const next = (
        await alice.client.get(
          `/messages/search?q=${word}&limit=1&cursor=${encodeURIComponent(paged.nextCursor!)}`,
        )
      ).json<Page<{ message: Message }>>();
      expect(next.items.map((hit) => hit.message.id)).toEqual([older.id]);

      const bobs = (await bob.client.get(`/messages/search?q=${word}&conversationId=${theirs.id}`)).json<
        Page<{ conversationId: string }>
      >();
      expect(bobs.items.map((hit) => hit.conversationId)).toEqual([theirs.id]);
      // Deleted messages are not found any more.
      await alice.client.delete(`/messages/${older.id}`);
      const afterDelete = (await alice.client.get(`/messages/search?q=${word}`)).json<
        Page<{ message: Message }>
      >();
      expect(afterDelete.items.map((hit) => hit.message.id)).toEqual([newer.id]);
    });
  });

  describe('long messages', () => {
    it('keeps a long message whole and refuses a longer one without storing it', async () => {
      const direct = await startConversation(bob, [carol]);
      const longest = 'x'.repeat(10_000);
      expect((await sendMessage(bob, direct.id, longest)).body).toBe(longest);
      const before = await conversationOf(bob, direct.id);
      const tooLong = await bob.client.post(`/conversations/${direct.id}/messages`, { body: `${longest}y` });
      expect(problemFields(expectProblem(tooLong, 400, 'validation-failed'))).toEqual(['body']);
      expect(await conversationOf(bob, direct.id)).toEqual(before);
    });
  });
});
