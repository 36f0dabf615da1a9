import { type MessageView } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { type ChatClient } from './system/chat-client';
import {
  type ChatStack,
  type ChatUser,
  connectAs,
  createGroup,
  expectShownOnceInOrder,
  startChatStack,
  storedMessages,
  untilLive,
} from './system/chat-stack';

const MESSAGES = 40;
const STOP_AFTER = 10;

/**
 * Redis stopped and started again while messages flow (real processes, a Redis of the test's own that
 * keeps its data like a production one): sends wait out the outage and are stored once; after a resync
 * every client on either replica shows every message exactly once and in order, and live pushes resume.
 */
describe('chat with Redis restarted while messages flow (real processes)', () => {
  let stack: ChatStack;
  let a: string;
  let b: string;
  let alice: ChatUser;
  let bob: ChatUser;
  let carol: ChatUser;
  let conversation: string;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    stack = await startChatStack({ label: 'chat_redis_restart', throwawayRedis: true });
    a = stack.gatewayA.url;
    b = stack.gatewayB.url;
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((label) => stack.register(label)));
    conversation = (await createGroup(alice, [bob, carol])).id;
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await stack?.stop();
  });

  it('leaves no client missing a message after resync, and pushes live again afterwards', async () => {
    const connect = async (user: ChatUser, urls: string[]) => {
      const client = await connectAs(user, urls, { conversations: [conversation] });
      clients.push(client);
      return client;
    };
    const sender = await connect(alice, [a, b]);
    const receivers = [await connect(bob, [b, a]), await connect(carol, [a, b]), await connect(bob, [a, b])];
    await untilLive(sender, conversation, receivers);

    const sent: MessageView[] = [];
    let outage: Promise<void> | undefined;
    for (let i = 1; i <= MESSAGES; i++) {
      // Each send retries (same clientId) until stored, through the outage.
      sent.push(await sender.sendReliably(conversation, `message ${i}`, 90_000));
      if (i === STOP_AFTER) {
        await stack.redis!.stop();
        // Back while the sender is still retrying its next message.
        outage = new Promise((resolve) => setTimeout(resolve, 3000)).then(() => stack.redis!.start());
      }
    }
    await outage;
    for (const proc of [stack.auth, stack.gatewayA, stack.gatewayB, stack.services.messaging!]) {
      await waitFor(async () => (await proc.health('ready')).status === 200, {
        timeoutMs: 30_000,
        description: `${proc.service} ready again`,
      });
    }
    const sentIds = sent.map((m) => m.id);
    expect((await storedMessages(alice.api, conversation)).map((m) => m.id)).toEqual(
      expect.arrayContaining(sentIds),
    );
    expect(new Set(sentIds).size).toBe(MESSAGES);

    for (const client of receivers) {
      await client.waitUntil(() => client.connected, 'connected again');
      // A resync asked while the services still reconnect to Redis can go unanswered; a client asks again.
      await waitFor(
        async () => {
          await client.resyncAll();
          const shown = new Set(client.messages(conversation).map((m) => m.id));
          return sentIds.every((id) => shown.has(id));
        },
        {
          timeoutMs: 30_000,
          intervalMs: 500,
          description: `${client.name} showing every message after resync`,
          diagnostics: () => client.describe(),
        },
      );
      expectShownOnceInOrder(client, conversation, sentIds);
    }

    // Live again: a message sent now is pushed to every receiver.
    const fresh = await sender.sendReliably(conversation, 'after the restart');
    for (const client of receivers) {
      await client.waitUntil(
        () => client.pushedMessages(conversation).some((m) => m.id === fresh.id),
        'the message sent after the restart, pushed',
      );
      expect(client.messages(conversation).at(-1)?.id).toBe(fresh.id);
    }
  });
});
