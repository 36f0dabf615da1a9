import { type MessageView } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { type ChatClient } from './system/chat-client';
import {
  CHAT_PRESENCE_TTL_MS,
  type ChatStack,
  type ChatUser,
  connectAs,
  createGroup,
  expectShownOnceInOrder,
  presenceOf,
  startChatStack,
  storedMessages,
  untilLive,
} from './system/chat-stack';

const MESSAGES = 60;
const KILL_AFTER = 15;

const TOOK_LEASE = /took the consumer lease/;

/**
 * `kill -9` of one gateway replica while messages flow (real processes): the one holding the live-events
 * lease, so pushes stop until the other takes it over. Its clients reconnect to the other replica and,
 * after resyncing, show every message exactly once and in order; the dead node's sockets stop counting as
 * online once their heartbeats expire, which the surviving node announces.
 */
describe('chat with a gateway replica killed while messages flow (real processes)', () => {
  let stack: ChatStack;
  let alice: ChatUser;
  let bob: ChatUser;
  let carol: ChatUser;
  let dave: ChatUser;
  let ghost: ChatUser;
  let conversation: string;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    stack = await startChatStack({ label: 'chat_gateway_crash' });
    [alice, bob, carol, dave, ghost] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave', 'ghost'].map((label) => stack.register(label)),
    );
    conversation = (await createGroup(alice, [bob, carol, dave, ghost])).id;
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await stack?.stop();
  });

  it('reconnects the dead node’s clients to the other one, and every client ends with every message once, in order', async () => {
    const connect = async (user: ChatUser, urls: string[], extra: { reconnect?: boolean } = {}) => {
      const client = await connectAs(user, urls, {
        pingEveryMs: 1000,
        conversations: [conversation],
        ...extra,
      });
      clients.push(client);
      return client;
    };
    // The replica that pushes (holds the lease) is the one to die; the sender stays on the other, and the
    // dead one's clients reconnect there, as behind a load balancer.
    await waitFor(() => [stack.gatewayA, stack.gatewayB].some((g) => TOOK_LEASE.test(g.logs)), {
      description: 'a gateway holding the live-events lease',
    });
    const [doomed, survivor] = TOOK_LEASE.test(stack.gatewayA.logs)
      ? [stack.gatewayA, stack.gatewayB]
      : [stack.gatewayB, stack.gatewayA];
    const dead = doomed.url;
    const alive = survivor.url;
    const sender = await connect(alice, [alive, dead]);
    const onDead = [await connect(bob, [dead, alive]), await connect(carol, [dead, alive])];
    const onAlive = [await connect(bob, [alive, dead]), await connect(dave, [alive, dead])];
    // Ghost's only socket is on the doomed node and will not come back: its presence must expire across nodes.
    const ghostSocket = await connect(ghost, [dead], { reconnect: false });
    await untilLive(sender, conversation, [...onDead, ...onAlive, ghostSocket]);
    await waitFor(async () => (await presenceOf(alice.api.on(alive), [ghost.id]))[ghost.id] === 'online', {
      description: 'ghost online',
    });

    const sent: MessageView[] = [];
    for (let i = 1; i <= MESSAGES; i++) {
      sent.push(await sender.sendReliably(conversation, `message ${i}`));
      if (i === KILL_AFTER) await doomed.kill9();
    }
    const sentIds = sent.map((m) => m.id);

    for (const client of [...onDead, ...onAlive]) {
      await client.waitUntil(
        () => sentIds.every((id) => client.messages(conversation).some((m) => m.id === id)),
        `all ${MESSAGES} messages`,
        60_000,
      );
    }
    for (const client of [...onDead, ...onAlive]) {
      // Exactly once and in order, whatever the pushes and resyncs were.
      expectShownOnceInOrder(client, conversation, sentIds);
      const seqs = client.messages(conversation).map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(client.connected).toBe(true);
      expect(client.url).toBe(alive);
    }
    // The clients of the dead node came back through the other one, which took the pushing over.
    for (const client of onDead) expect(client.connections).toEqual([dead, alive]);
    expect(survivor.logs).toMatch(TOOK_LEASE);
    expect((await storedMessages(alice.api.on(alive), conversation)).map((m) => m.id)).toEqual(
      expect.arrayContaining(sentIds),
    );

    // Ghost's socket died with its node and sent no more heartbeats: the survivor announces it offline.
    await sender.waitUntil(
      () => sender.presence.some((p) => p.userId === ghost.id && p.status === 'offline'),
      'ghost offline',
      CHAT_PRESENCE_TTL_MS * 5,
    );
    expect((await presenceOf(alice.api.on(alive), [ghost.id]))[ghost.id]).toBe('offline');
    expect(ghostSocket.connected).toBe(false);
  });
});
