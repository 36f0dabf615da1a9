import { type MessageView } from '@tracera/contracts';
import { ApiClient } from './system/api-client';
import { type ChatClient } from './system/chat-client';
import {
  type ChatStack,
  type ChatUser,
  connectAs,
  createGroup,
  presenceOf,
  startChatStack,
  storedMessages,
  untilLive,
} from './system/chat-stack';

/**
 * Two gateway replicas with clients on each (real processes, real socket.io-client): whatever the replica a
 * message enters through, every member's sockets on either replica get it pushed once and in order, and
 * nobody else does; membership, typing, presence and session revocation reach sockets on the other node.
 */
describe('chat across two gateway replicas (real processes)', () => {
  let stack: ChatStack;
  let a: string;
  let b: string;
  let alice: ChatUser;
  let bob: ChatUser;
  let carol: ChatUser;
  let dave: ChatUser;
  let erin: ChatUser;
  let frank: ChatUser;
  /** alice, bob, carol. */
  let main: string;
  /** alice, bob, erin (erin is removed). */
  let removal: string;
  const clients: ChatClient[] = [];

  async function connect(user: ChatUser, urls: string[], pingEveryMs?: number): Promise<ChatClient> {
    const client = await connectAs(user, urls, { pingEveryMs });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    stack = await startChatStack({ label: 'chat_replicas' });
    a = stack.gatewayA.url;
    b = stack.gatewayB.url;
    [alice, bob, carol, dave, erin, frank] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((label) => stack.register(label)),
    );
    main = (await createGroup(alice, [bob, carol])).id;
    removal = (await createGroup(alice, [bob, erin])).id;
    // Frank shares this one conversation, with alice only.
    await createGroup(alice, [frank]);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await stack?.stop();
  });

  it('pushes a message sent through A to every member socket on B (and A) exactly once, in order, and to no non-member', async () => {
    const aliceA = await connect(alice, [a]);
    const bobA = await connect(bob, [a]);
    const bobB = await connect(bob, [b]);
    const carolB = await connect(carol, [b]);
    const daveA = await connect(dave, [a]);
    const daveB = await connect(dave, [b]);
    const members = [aliceA, bobA, bobB, carolB];
    await untilLive(aliceA, main, members);

    // Through A: over the socket and over REST, alternately; each send is stored before the next.
    const sent: MessageView[] = [];
    for (let i = 1; i <= 20; i++) {
      if (i % 2 === 0) {
        sent.push(await aliceA.sendReliably(main, `hello ${i}`));
      } else {
        const response = await alice.api.post<{ message: MessageView }>(`/conversations/${main}/messages`, {
          body: { body: `hello ${i}` },
        });
        expect(response.status).toBe(201);
        sent.push(response.body.message);
      }
    }
    const sentIds = sent.map((m) => m.id);
    const ofSent = (client: ChatClient) =>
      client
        .pushedMessages(main)
        .map((m) => m.id)
        .filter((id) => sentIds.includes(id));

    for (const client of members) {
      await client.waitUntil(() => ofSent(client).length >= sent.length, 'all 20 messages pushed');
    }
    for (const client of members) {
      // Pushed once each, in the order they were stored; seqs strictly increase.
      expect({ client: client.name, ids: ofSent(client) }).toEqual({ client: client.name, ids: sentIds });
      const seqs = client.pushedMessages(main).map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(client.messages(main).map((m) => m.id)).toEqual(expect.arrayContaining(sentIds));
    }
    expect(sent.map((m) => m.body)).toEqual(Array.from({ length: 20 }, (_, i) => `hello ${i + 1}`));
    expect((await storedMessages(alice.api, main)).map((m) => m.id)).toEqual(expect.arrayContaining(sentIds));

    // By now the members on B have everything; the non-member's sockets on either node got nothing of it.
    expect(daveA.everythingAbout(main)).toEqual([]);
    expect(daveB.everythingAbout(main)).toEqual([]);
    // Nor can the non-member fetch it.
    const refused = await daveB.request<{ ok: boolean; error?: { status: number } }>('resync', {
      conversationId: main,
      afterSeq: 0,
    });
    expect(refused).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('stops pushing to a removed member at once: the next message reaches the others only', async () => {
    const aliceA = await connect(alice, [a]);
    const bobA = await connect(bob, [a]);
    const bobB = await connect(bob, [b]);
    const erinB = await connect(erin, [b]);
    const erinA = await connect(erin, [a]);
    await untilLive(aliceA, removal, [bobA, bobB, erinB, erinA]);

    const removed = await alice.api.delete(`/conversations/${removal}/members/${erin.id}`);
    expect(removed.status).toBe(204);
    const after = await aliceA.sendReliably(removal, 'said after erin left');

    // Once bob's sockets on both nodes have it, erin's (next to them) would have too, had they been in the room.
    for (const bobSocket of [bobA, bobB]) {
      await bobSocket.waitUntil(
        () => bobSocket.pushedMessages(removal).some((m) => m.id === after.id),
        'the message sent after the removal',
      );
    }
    for (const erinSocket of [erinB, erinA]) {
      // Erin was told she was removed, and that is the last thing she heard of the conversation.
      await erinSocket.waitUntil(
        () => erinSocket.pushed.some((e) => e.type === 'member:removed' && e.userId === erin.id),
        'member:removed',
      );
      const last = erinSocket.pushed.filter((e) => e.conversationId === removal).at(-1);
      expect(last).toMatchObject({ type: 'member:removed', userId: erin.id });
      expect(erinSocket.pushedMessages(removal).map((m) => m.id)).not.toContain(after.id);
    }
    expect(erinB.everythingAbout(removal).some((e) => JSON.stringify(e).includes(after.id))).toBe(false);
    expect((await erin.api.get(`/conversations/${removal}/messages`)).status).toBe(404);
    expect(await erinB.request('resync', { conversationId: removal, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
  });

  it('carries typing from a socket on A to the other members on B, not to the sender or non-members', async () => {
    const aliceA = await connect(alice, [a]);
    const bobB = await connect(bob, [b]);
    const carolB = await connect(carol, [b]);
    const daveB = await connect(dave, [b]);
    await untilLive(aliceA, main, [bobB, carolB]);

    expect(await aliceA.typingIn(main, true)).toMatchObject({ ok: true });
    for (const client of [bobB, carolB]) {
      await client.waitUntil(
        () => client.typing.some((t) => t.userId === alice.id && t.typing && t.conversationId === main),
        'alice typing',
      );
    }
    expect(await aliceA.typingIn(main, false)).toMatchObject({ ok: true });
    await bobB.waitUntil(
      () => bobB.typing.some((t) => t.userId === alice.id && !t.typing),
      'alice stopped typing',
    );
    await carolB.waitUntil(() => carolB.typing.length >= 2, 'both typing events');
    expect(carolB.typing.filter((t) => t.userId === alice.id).map((t) => t.typing)).toEqual([true, false]);
    expect(aliceA.typing.filter((t) => t.userId === alice.id)).toEqual([]);
    expect(daveB.typing).toEqual([]);
  });

  it('shows presence of a user on A to a member on B: online, away, then offline when the socket leaves', async () => {
    const aliceB = await connect(alice, [b]);
    const bobB = await connect(bob, [b]);
    const frankA = await connect(frank, [a], 1000);
    const saw = (status: string) => aliceB.presence.some((p) => p.userId === frank.id && p.status === status);
    await aliceB.waitUntil(() => saw('online'), 'frank online');
    expect((await presenceOf(alice.api, [frank.id]))[frank.id]).toBe('online');

    expect(await frankA.ping('away')).toMatchObject({ ok: true });
    await aliceB.waitUntil(() => saw('away'), 'frank away');
    expect((await presenceOf(alice.api, [frank.id]))[frank.id]).toBe('away');

    frankA.close();
    await aliceB.waitUntil(() => saw('offline'), 'frank offline');
    expect((await presenceOf(alice.api, [frank.id]))[frank.id]).toBe('offline');
    const changes = aliceB.presence
      .filter((p) => p.userId === frank.id)
      .map((p) => p.status)
      .filter((status, i, all) => i === 0 || all[i - 1] !== status);
    expect(changes).toEqual(['online', 'away', 'offline']);
    // Presence goes to the rooms frank is in only: bob shares none with him.
    expect(bobB.presence.filter((p) => p.userId === frank.id)).toEqual([]);
  });

  it('disconnects the socket of a session revoked through A on B, and only that session', async () => {
    const gina = await stack.register('gina');
    const revokedSocket = await connect(gina, [b]);
    const login = await new ApiClient(a).post<{ token: string }>('/auth/login', {
      body: { login: gina.username, password: gina.password },
    });
    expect(login.status).toBe(200);
    const otherSession = await connectAs(gina, [b], { token: login.body.token });
    clients.push(otherSession);

    const sessions = await new ApiClient(a).get<{ items: { id: string; current: boolean }[] }>(
      '/auth/sessions',
      {
        bearer: login.body.token,
      },
    );
    const first = sessions.body.items.find((s) => !s.current);
    expect(first).toBeDefined();
    const revoked = await new ApiClient(a).delete(`/auth/sessions/${first!.id}`, {
      bearer: login.body.token,
    });
    expect(revoked.status).toBe(204);

    await revokedSocket.waitUntil(
      () => !revokedSocket.connected && revokedSocket.disconnects.includes('io server disconnect'),
      'disconnected by the server',
    );
    expect(revokedSocket.revoked).toEqual([{ reason: expect.any(String) as string }]);
    await expect(connectAs(gina, [b])).rejects.toThrow('unauthorized');
    await expect(connectAs(gina, [a])).rejects.toThrow('unauthorized');
    expect(otherSession.connected).toBe(true);
    expect(await otherSession.ping()).toMatchObject({ ok: true });
  });
});
