import { MESSAGE_MAX_LENGTH, messagingRpc } from '@tracera/contracts';
import { eventsAfter, footprint, lastSeqOf, send, startGroup } from './messages-helpers';
import { fieldsOf, MessagingTestBed, type RequestInput, type TestUser } from './messaging-test-bed';

describe('messaging service: messages', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('messages');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('sends a message with the next seq and its message:created event; a retry answers the first message', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'send');
    const conversation = await startGroup(bed, ada, [bob]);
    const before = await lastSeqOf(bed, conversation.id);

    const first = await bed.call(messagingRpc.sendMessage, {
      userId: ada.id,
      conversationId: conversation.id,
      body: '  Hello **team**  ',
      clientId: 'c-1',
    });
    expect(first).toMatchObject({
      created: true,
      message: {
        conversationId: conversation.id,
        seq: before + 1,
        senderId: ada.id,
        body: 'Hello **team**',
        attachments: [],
        reactions: [],
        mentions: [],
        clientId: 'c-1',
        editedAt: null,
        deletedAt: null,
      },
    });
    const events = await eventsAfter(bed, conversation.id, before);
    expect(events).toEqual([
      {
        type: 'message:created',
        conversationId: conversation.id,
        seq: before + 1,
        at: first.message.createdAt,
        actorId: ada.id,
        message: first.message,
      },
    ]);

    // The acknowledgement was lost and the client retries (even with an edited body): same message.
    const retry = await bed.call(messagingRpc.sendMessage, {
      userId: ada.id,
      conversationId: conversation.id,
      body: 'Hello team (retry)',
      clientId: 'c-1',
    });
    expect(retry).toEqual({ created: false, message: first.message });
    // Another sender may use the same clientId: it is the sender's own.
    const bobs = await send(bed, bob, conversation.id, 'Hi', { clientId: 'c-1' });
    expect(bobs.seq).toBe(before + 2);
    expect(await bed.count('messages', 'WHERE conversation_id = $1', [conversation.id])).toBe(2);
    expect(await eventsAfter(bed, conversation.id, before)).toHaveLength(2);
  });

  it('answers a retried Idempotency-Key with the first message and refuses it for another conversation', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'idem');
    const conversation = await startGroup(bed, ada, [bob]);
    const other = await startGroup(bed, ada, [bob], 'Other');
    const request = {
      userId: ada.id,
      conversationId: conversation.id,
      body: 'once',
      idempotencyKey: 'key-1',
    };
    const first = await bed.call(messagingRpc.sendMessage, request);
    expect(first.created).toBe(true);
    expect(await bed.call(messagingRpc.sendMessage, request)).toEqual({
      created: false,
      message: first.message,
    });

    const before = await footprint(bed, other.id);
    const misuse = await bed.failure(messagingRpc.sendMessage, { ...request, conversationId: other.id });
    expect(misuse.code).toBe('VALIDATION');
    expect(fieldsOf(misuse)).toEqual(['Idempotency-Key']);
    expect(await footprint(bed, other.id)).toEqual(before);
    expect(await bed.count('messages', 'WHERE conversation_id = $1', [conversation.id])).toBe(1);
  });

  it('numbers concurrent sends of several members 1, 2, 3… without gaps, in commit order', async () => {
    const users = await bed.registerUsers(4, 'burst');
    const conversation = await startGroup(bed, users[0], users.slice(1));
    const start = await lastSeqOf(bed, conversation.id);
    const perUser = 8;
    const sent = await Promise.all(
      users.flatMap((user, u) =>
        Array.from({ length: perUser }, (_, i) =>
          send(bed, user, conversation.id, `message ${u}-${i}`, { clientId: `${u}-${i}` }),
        ),
      ),
    );
    const total = users.length * perUser;
    expect(sent.map((message) => message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => start + 1 + i),
    );
    // The outbox (commit order, what the gateway pushes) carries the seqs in order, every one exactly once.
    const events = await eventsAfter(bed, conversation.id, start);
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: total }, (_, i) => start + 1 + i));
    expect(events.every((event) => event.type === 'message:created')).toBe(true);
    // The stored log (resync) agrees with the outbox.
    const resync = await bed.call(messagingRpc.conversationEvents, {
      userId: users[2].id,
      conversationId: conversation.id,
      afterSeq: start,
    });
    expect(resync.events).toEqual(events);
    expect(resync.lastSeq).toBe(start + total);
    // Each member's own messages keep the order they were sent in per client id.
    const { items } = await bed.call(messagingRpc.listMessages, {
      userId: users[1].id,
      conversationId: conversation.id,
      after: 0,
      limit: 200,
    });
    expect(items.map((message) => message.seq)).toEqual(events.map((event) => event.seq));
  });

  it('pages the history by seq backwards (before) and forwards (after)', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'page');
    const conversation = await startGroup(bed, ada, [bob]);
    const sent = [];
    for (let i = 1; i <= 7; i += 1)
      sent.push(await send(bed, i % 2 === 0 ? bob : ada, conversation.id, `m${i}`));
    const list = (position: { before?: number; after?: number }) =>
      bed.call(messagingRpc.listMessages, {
        userId: bob.id,
        conversationId: conversation.id,
        limit: 3,
        ...position,
      });

    const newest = await list({});
    expect(newest.items.map((message) => message.body)).toEqual(['m5', 'm6', 'm7']);
    const older = await list({ before: Number(newest.nextCursor) });
    expect(older.items.map((message) => message.body)).toEqual(['m2', 'm3', 'm4']);
    const oldest = await list({ before: Number(older.nextCursor) });
    expect(oldest).toEqual({ items: [sent[0]], nextCursor: null });

    const first = await list({ after: 0 });
    expect(first.items.map((message) => message.body)).toEqual(['m1', 'm2', 'm3']);
    const second = await list({ after: Number(first.nextCursor) });
    expect(second.items.map((message) => message.body)).toEqual(['m4', 'm5', 'm6']);
    const last = await list({ after: Number(second.nextCursor) });
    expect(last).toEqual({ items: [sent[6]], nextCursor: null });
    // Nothing after the newest: an up-to-date client gets an empty page.
    expect(await list({ after: sent[6].seq })).toEqual({ items: [], nextCursor: null });
  });

  it('lets only the sender edit, marks the edit, and refuses to edit a deleted message', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'edit');
    const conversation = await startGroup(bed, ada, [bob]);
    const message = await send(bed, bob, conversation.id, 'tpyo');
    const seq = await lastSeqOf(bed, conversation.id);

    expect(
      (await bed.failure(messagingRpc.editMessage, { userId: ada.id, messageId: message.id, body: 'x' }))
        .code,
    ).toBe('FORBIDDEN');
    const { message: edited } = await bed.call(messagingRpc.editMessage, {
      userId: bob.id,
      messageId: message.id,
      body: 'typo',
    });
    expect(edited).toMatchObject({
      id: message.id,
      seq: message.seq,
      body: 'typo',
      createdAt: message.createdAt,
    });
    expect(edited.editedAt).not.toBeNull();
    expect(await eventsAfter(bed, conversation.id, seq)).toEqual([
      {
        type: 'message:updated',
        conversationId: conversation.id,
        seq: seq + 1,
        at: edited.editedAt,
        actorId: bob.id,
        message: edited,
      },
    ]);
    // The conversation's log keeps the message as it is now: a resync shows its message:created with the
    // edit too, and the old text nowhere.
    const { events } = await bed.call(messagingRpc.conversationEvents, {
      userId: ada.id,
      conversationId: conversation.id,
      afterSeq: 0,
    });
    const logged = events.find(
      (event) => event.type === 'message:created' && event.message.id === message.id,
    );
    expect(logged).toMatchObject({ seq: message.seq, message: edited });
    expect(JSON.stringify(events)).not.toContain('tpyo');
    // The same text again changes nothing and emits nothing.
    expect(
      await bed.call(messagingRpc.editMessage, { userId: bob.id, messageId: message.id, body: 'typo' }),
    ).toEqual({
      message: edited,
    });
    expect(await lastSeqOf(bed, conversation.id)).toBe(seq + 1);

    await bed.call(messagingRpc.deleteMessage, { userId: bob.id, messageId: message.id });
    const afterDelete = await footprint(bed, conversation.id);
    const refused = await bed.failure(messagingRpc.editMessage, {
      userId: bob.id,
      messageId: message.id,
      body: 'back',
    });
    expect(refused.code).toBe('CONFLICT');
    expect(await footprint(bed, conversation.id)).toEqual(afterDelete);
  });

  it('soft-deletes for the sender or an owner/admin: body, attachments, mentions and reactions go, id and seq stay', async () => {
    const [ada, bob, cy] = await bed.registerUsers(3, 'del');
    const conversation = await startGroup(bed, ada, [bob, cy]);
    const note = await bed.createNote(bob.id, 'Design doc');
    const message = await send(bed, bob, conversation.id, `see @${cy.username}`, {
      attachments: [{ type: 'note', id: note.id }],
    });
    await bed.call(messagingRpc.addReaction, { userId: cy.id, messageId: message.id, emoji: '👍' });
    expect(message.mentions).toEqual([cy.id]);

    const refused = await bed.failure(messagingRpc.deleteMessage, { userId: cy.id, messageId: message.id });
    expect(refused.code).toBe('FORBIDDEN');
    const seq = await lastSeqOf(bed, conversation.id);
    await bed.call(messagingRpc.deleteMessage, { userId: ada.id, messageId: message.id });

    const { items } = await bed.call(messagingRpc.listMessages, {
      userId: cy.id,
      conversationId: conversation.id,
    });
    const deleted = items.find((item) => item.id === message.id)!;
    expect(deleted).toMatchObject({
      seq: message.seq,
      body: '',
      attachments: [],
      reactions: [],
      mentions: [],
    });
    expect(deleted.deletedAt).not.toBeNull();
    expect(await bed.count('reactions', 'WHERE message_id = $1', [message.id])).toBe(0);
    expect(await eventsAfter(bed, conversation.id, seq)).toEqual([
      {
        type: 'message:deleted',
        conversationId: conversation.id,
        seq: seq + 1,
        at: deleted.deletedAt,
        actorId: ada.id,
        message: deleted,
      },
    ]);

    // No trace of the text is left: a resync from the start shows the message deleted in every event of it,
    // and the mention notification previews nothing.
    const resync = await bed.call(messagingRpc.conversationEvents, {
      userId: cy.id,
      conversationId: conversation.id,
      afterSeq: 0,
    });
    const ofMessage = resync.events.filter((event) => 'message' in event && event.message.id === message.id);
    expect(ofMessage.map((event) => event.type)).toEqual(['message:created', 'message:deleted']);
    for (const event of ofMessage) expect('message' in event && event.message).toEqual(deleted);
    expect(JSON.stringify(resync.events)).not.toContain('see @');
    const mentioned = await bed.call(messagingRpc.listNotifications, { userId: cy.id });
    expect(mentioned.items.filter((n) => n.messageId === message.id).map((n) => n.preview)).toEqual(['']);

    // Deleting again is a no-op; so is the sender deleting it now.
    await bed.call(messagingRpc.deleteMessage, { userId: bob.id, messageId: message.id });
    expect(await lastSeqOf(bed, conversation.id)).toBe(seq + 1);
    const reaction = await bed.failure(messagingRpc.addReaction, {
      userId: cy.id,
      messageId: message.id,
      emoji: '🎉',
    });
    expect(reaction.code).toBe('CONFLICT');

    // A plain member deletes their own message.
    const own = await send(bed, cy, conversation.id, 'oops');
    await bed.call(messagingRpc.deleteMessage, { userId: cy.id, messageId: own.id });
    const rows = await bed.query<{ body: string; deleted: boolean }>(
      'SELECT body, deleted_at IS NOT NULL AS deleted FROM messaging.messages WHERE id = $1',
      [own.id],
    );
    expect(rows).toEqual([{ body: '', deleted: true }]);
  });

  it("attaches the sender's own items with their titles, and refuses anybody else's storing nothing", async () => {
    const [ada, bob] = await bed.registerUsers(2, 'att');
    const conversation = await startGroup(bed, ada, [bob]);
    const note = await bed.createNote(ada.id, 'Plan');
    const bookmark = await bed.createBookmark(ada.id, 'Docs');
    const task = await bed.createTask(ada.id, 'Ship it');
    const message = await send(bed, ada, conversation.id, 'files', {
      attachments: [
        { type: 'note', id: note.id },
        { type: 'bookmark', id: bookmark.id },
        { type: 'task', id: task.id },
      ],
    });
    expect(message.attachments).toEqual([
      { type: 'note', id: note.id, title: 'Plan' },
      { type: 'bookmark', id: bookmark.id, title: 'Docs' },
      { type: 'task', id: task.id, title: 'Ship it' },
    ]);

    const bobsNote = await bed.createNote(bob.id, 'Private');
    const before = await footprint(bed, conversation.id);
    const refused = await bed.failure(messagingRpc.sendMessage, {
      userId: ada.id,
      conversationId: conversation.id,
      body: 'look',
      attachments: [
        { type: 'note', id: note.id },
        { type: 'note', id: bobsNote.id },
        // Right id, wrong type: not one of her tasks.
        { type: 'task', id: note.id },
      ],
    });
    expect(refused.code).toBe('VALIDATION');
    expect(fieldsOf(refused)).toEqual(['attachments.1', 'attachments.2']);
    expect(await footprint(bed, conversation.id)).toEqual(before);
  });

  it('refuses oversized and malformed messages and stores nothing', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'bad');
    const conversation = await startGroup(bed, ada, [bob]);
    const before = await footprint(bed, conversation.id);
    const base = { userId: ada.id, conversationId: conversation.id, body: 'ok' };
    const attachment = { type: 'note' as const, id: conversation.id };
    const malformed: Record<string, unknown>[] = [
      { ...base, body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) },
      { ...base, body: '   ' },
      { ...base, clientId: '' },
      { ...base, attachments: Array.from({ length: 11 }, () => attachment) },
      { ...base, attachments: [{ type: 'album', id: conversation.id }] },
      { ...base, extra: true },
    ];
    for (const request of malformed) {
      const error = await bed.failure(
        messagingRpc.sendMessage,
        request as RequestInput<typeof messagingRpc.sendMessage>,
      );
      expect(error.code).toBe('INVALID_REQUEST');
    }
    expect(await footprint(bed, conversation.id)).toEqual(before);
  });

  it('answers NOT_FOUND to non-members, exactly as for a conversation that does not exist', async () => {
    const [ada, bob, eve] = await bed.registerUsers(3, 'stranger');
    const conversation = await startGroup(bed, ada, [bob]);
    const message = await send(bed, ada, conversation.id, 'members only');
    const before = await footprint(bed, conversation.id);
    const missing = '01930000-0000-7000-8000-000000000000';

    const attempts = [
      bed.failure(messagingRpc.sendMessage, { userId: eve.id, conversationId: conversation.id, body: 'hi' }),
      bed.failure(messagingRpc.sendMessage, { userId: eve.id, conversationId: missing, body: 'hi' }),
      bed.failure(messagingRpc.listMessages, { userId: eve.id, conversationId: conversation.id }),
      bed.failure(messagingRpc.editMessage, { userId: eve.id, messageId: message.id, body: 'mine' }),
      bed.failure(messagingRpc.deleteMessage, { userId: eve.id, messageId: message.id }),
      bed.failure(messagingRpc.addReaction, { userId: eve.id, messageId: message.id, emoji: '👀' }),
      bed.failure(messagingRpc.deleteMessage, { userId: ada.id, messageId: missing }),
    ];
    for (const error of await Promise.all(attempts)) expect(error.code).toBe('NOT_FOUND');

    // A removed member loses access at once.
    await bed.call(messagingRpc.removeMember, {
      userId: ada.id,
      conversationId: conversation.id,
      memberUserId: bob.id,
    });
    const removed = await footprint(bed, conversation.id);
    expect(
      (
        await bed.failure(messagingRpc.sendMessage, {
          userId: bob.id,
          conversationId: conversation.id,
          body: 'still here?',
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (await bed.failure(messagingRpc.listMessages, { userId: bob.id, conversationId: conversation.id }))
        .code,
    ).toBe('NOT_FOUND');
    expect(await footprint(bed, conversation.id)).toEqual(removed);
    expect(removed.messages).toBe(before.messages);
  });

  it('records mentions of current members only and notifies them (never the sender)', async () => {
    const [ada, bob, cy, eve] = await bed.registerUsers(4, 'mention');
    const conversation = await startGroup(bed, ada, [bob, cy]);
    const message = await send(
      bed,
      ada,
      conversation.id,
      `hey @${bob.username.toUpperCase()}, @${eve.username} and @${ada.username}!`,
    );
    expect(message.mentions).toEqual([bob.id, ada.id]);

    // Bob and Cy were also told they were added to the group: only mentions matter here.
    const notificationsOf = async (user: TestUser) =>
      (await bed.call(messagingRpc.listNotifications, { userId: user.id })).items.filter(
        (item) => item.kind === 'mentioned',
      );
    expect(await notificationsOf(bob)).toEqual([
      expect.objectContaining({
        kind: 'mentioned',
        conversationId: conversation.id,
        messageId: message.id,
        actorId: ada.id,
        preview: message.body,
        readAt: null,
      }),
    ]);
    expect(await notificationsOf(cy)).toEqual([]);
    expect(await notificationsOf(eve)).toEqual([]);
    // Ada named herself: no notification about her own message.
    expect(await notificationsOf(ada)).toEqual([]);

    // An edit that names somebody new tells only them.
    const { message: edited } = await bed.call(messagingRpc.editMessage, {
      userId: ada.id,
      messageId: message.id,
      body: `hey @${bob.username} and @${cy.username}`,
    });
    expect(edited.mentions).toEqual([bob.id, cy.id]);
    expect(await notificationsOf(bob)).toHaveLength(1);
    expect(await notificationsOf(cy)).toEqual([
      expect.objectContaining({ kind: 'mentioned', messageId: message.id, actorId: ada.id }),
    ]);
  });
});
