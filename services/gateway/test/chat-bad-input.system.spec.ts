import { randomUUID } from 'node:crypto';
import { type ConversationView, MESSAGE_MAX_LENGTH, type MessageView } from '@tracera/contracts';
import { type ApiResponse } from './system/api-client';
import { type Ack, type ChatClient } from './system/chat-client';
import {
  type ChatStack,
  type ChatUser,
  connectAs,
  createGroup,
  startChatStack,
  storedMessages,
  untilLive,
} from './system/chat-stack';

interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

/**
 * Bad input to the chat, over REST and over the socket (real processes): an unknown conversation, one the
 * caller is not in, an oversized message or a malformed payload is answered with a problem (problem+json,
 * or an error acknowledgement with the same fields), and nothing is stored or pushed.
 */
describe('chat refusing bad input (real processes)', () => {
  let stack: ChatStack;
  let alice: ChatUser;
  let bob: ChatUser;
  let mallory: ChatUser;
  let conversation: ConversationView;
  let aliceB: ChatClient;
  let bobA: ChatClient;
  let malloryB: ChatClient;
  let before: { lastSeq: number; messages: string[]; pushed: number };

  beforeAll(async () => {
    stack = await startChatStack({ label: 'chat_bad_input' });
    [alice, bob, mallory] = await Promise.all(['alice', 'bob', 'mallory'].map((l) => stack.register(l)));
    conversation = await createGroup(alice, [bob]);
    aliceB = await connectAs(alice, [stack.gatewayB.url]);
    bobA = await connectAs(bob, [stack.gatewayA.url]);
    malloryB = await connectAs(mallory, [stack.gatewayB.url]);
    await untilLive(aliceB, conversation.id, [bobA]);
    before = await snapshot();
  });

  afterAll(async () => {
    for (const client of [aliceB, bobA, malloryB]) client?.close();
    await stack?.stop();
  });

  async function snapshot(): Promise<{ lastSeq: number; messages: string[]; pushed: number }> {
    const got = await alice.api.get<{ conversation: ConversationView }>(`/conversations/${conversation.id}`);
    expect(got.status).toBe(200);
    return {
      lastSeq: got.body.conversation.lastSeq,
      messages: (await storedMessages(alice.api, conversation.id)).map((m) => m.id),
      pushed: bobA.pushedMessages(conversation.id).length,
    };
  }

  function expectProblem(response: ApiResponse, status: number): Problem {
    expect({ status: response.status, body: response.body }).toMatchObject({
      status,
      body: { status },
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.text).not.toMatch(/\n\s+at /);
    return response.body as unknown as Problem;
  }

  function expectErrorAck(ack: Ack<object>, status: number): Problem {
    expect(ack).toMatchObject({ ok: false, error: { status } });
    const problem = (ack as { error: Problem }).error;
    expect(problem.type).toEqual(expect.any(String));
    expect(JSON.stringify(problem)).not.toMatch(/\n\s+at /);
    return problem;
  }

  const fields = (problem: Problem) => (problem.errors ?? []).map((e) => e.field);

  it('answers problem+json over REST, through either replica', async () => {
    const onB = alice.api.on(stack.gatewayB.url);
    const url = `/conversations/${conversation.id}/messages`;
    expect(
      fields(expectProblem(await onB.post(url, { body: { body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) } }), 400)),
    ).toEqual(['body']);
    expect(fields(expectProblem(await onB.post(url, { body: { body: '   ' } }), 400))).toEqual(['body']);
    expect(fields(expectProblem(await onB.post(url, { body: { body: 42 } }), 400))).toEqual(['body']);
    expect(fields(expectProblem(await onB.post(url, { body: {} }), 400))).toEqual(['body']);
    expect(
      fields(expectProblem(await onB.post(url, { body: { body: 'hi', senderId: bob.id } }), 400)),
    ).toEqual(['senderId']);
    const broken = await fetch(`${stack.gatewayB.url}/api/v1${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: alice.api.jar.header ?? '' },
      body: '{"body": "unterminated',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectProblem(await onB.post('/conversations/not-a-uuid/messages', { body: { body: 'hi' } }), 400);
    // Unknown, and not mine: the same 404, so ids cannot be probed.
    const unknown = expectProblem(
      await onB.post(`/conversations/${randomUUID()}/messages`, { body: { body: 'hi' } }),
      404,
    );
    const notMine = expectProblem(await mallory.api.post(url, { body: { body: 'let me in' } }), 404);
    expect(notMine.type).toBe(unknown.type);
    expectProblem(await mallory.api.get(url), 404);
    expectProblem(await mallory.api.get(`/conversations/${conversation.id}/events?afterSeq=0`), 404);
    expectProblem(
      await mallory.api.post(`/conversations/${conversation.id}/members`, {
        body: { userIds: [mallory.id] },
      }),
      404,
    );
  });

  it('answers error acknowledgements over the socket and keeps the socket open', async () => {
    const id = conversation.id;
    const send = (client: ChatClient, payload: unknown) => client.request('message:send', payload);
    const oversized = expectErrorAck(
      await send(aliceB, { conversationId: id, body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1), clientId: 'big' }),
      400,
    );
    expect(fields(oversized)).toEqual(['body']);
    expect(
      fields(expectErrorAck(await send(aliceB, { conversationId: id, body: 'no client id' }), 400)),
    ).toEqual(['clientId']);
    expect(
      fields(expectErrorAck(await send(aliceB, { conversationId: 'nope', body: 'hi', clientId: 'c1' }), 400)),
    ).toEqual(['conversationId']);
    expect(
      fields(
        expectErrorAck(
          await send(aliceB, { conversationId: id, body: 'hi', clientId: 'c2', userId: bob.id }),
          400,
        ),
      ),
    ).toEqual(['userId']);
    expectErrorAck(await send(aliceB, 'just a string'), 400);
    expectErrorAck(await send(aliceB, null), 400);
    expectErrorAck(await aliceB.request('message:send'), 400);
    expectErrorAck(await aliceB.request('resync', { conversationId: id, afterSeq: -1 }), 400);

    const unknown = expectErrorAck(
      await send(aliceB, { conversationId: randomUUID(), body: 'hi', clientId: 'c3' }),
      404,
    );
    const notMine = expectErrorAck(
      await send(malloryB, { conversationId: id, body: 'let me in', clientId: 'c4' }),
      404,
    );
    expect(notMine.type).toBe(unknown.type);
    expectErrorAck(await malloryB.request('resync', { conversationId: id, afterSeq: 0 }), 404);
    // Typing into a conversation one is not in reaches nobody.
    await malloryB.request('typing', { conversationId: id, typing: true }).catch(() => undefined);

    // Bad sends without an acknowledgement callback must not break the connection either.
    aliceB.emit('message:send', { conversationId: id });
    aliceB.emit('message:send', { conversationId: id, body: 'no ack', clientId: 'c5', extra: true });
    expect(await aliceB.ping()).toMatchObject({ ok: true });
    expect(aliceB.connected).toBe(true);
    expect(await malloryB.ping()).toMatchObject({ ok: true });
  });

  it('stored and pushed none of it', async () => {
    // A good message after all the bad ones: once bob has it pushed, anything pushed earlier has arrived.
    const marker = await aliceB.sendReliably(conversation.id, 'the only message');
    await bobA.waitUntil(
      () => bobA.pushedMessages(conversation.id).some((m) => m.id === marker.id),
      'marker',
    );
    const after = await snapshot();
    expect(after.lastSeq).toBe(before.lastSeq + 1);
    expect(after.messages).toEqual([...before.messages, marker.id]);
    expect(
      bobA
        .pushedMessages(conversation.id)
        .slice(before.pushed)
        .map((m: MessageView) => m.id),
    ).toEqual([marker.id]);
    expect(bobA.typing).toEqual([]);
    expect(malloryB.everythingAbout(conversation.id)).toEqual([]);
  });
});
