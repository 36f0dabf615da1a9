import { ApiClient, expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';
import {
  type Conversation,
  conversationOf,
  eventsOf,
  type Message,
  messagesOf,
  notificationsOf,
  type Page,
  sendMessage,
  startConversation,
} from './messaging-api.fixture';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Every chat route refuses bad input with a problem naming the field, never a 500, and stores nothing. */
describe('messaging API: bad input', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let dave: SignedInUser;
  let group: Conversation;
  let direct: Conversation;
  let message: Message;

  beforeAll(async () => {
    // A small body limit, so crossing it does not take megabytes.
    stack = await startContentStack({ withMessaging: true, env: { HTTP_BODY_LIMIT: '64kb' } });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
    dave = await registerUser(stack, 'dave');
    group = await startConversation(alice, [bob], 'Guarded');
    direct = await startConversation(alice, [bob]);
    message = await sendMessage(alice, group.id, 'the original');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const uuid = (n: number) => `01890000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

  /** What a refused request must leave as it was. */
  const snapshot = async () => ({
    group: await conversationOf(alice, group.id),
    direct: await conversationOf(alice, direct.id),
    messages: await messagesOf(alice, group.id),
    directMessages: await messagesOf(alice, direct.id),
    events: await eventsOf(alice, group.id),
    conversations: (await alice.client.get('/conversations?limit=200'))
      .json<Page<Conversation>>()
      .items.map((conversation) => conversation.id)
      .sort(),
    bobsNotifications: await notificationsOf(bob),
  });

  const call = (client: ApiClient, method: Method, url: string, payload?: unknown) =>
    client.request({ method, url, ...(payload === undefined ? {} : { payload: payload as string }) });

  it('answers 400 naming the field to malformed bodies on every route, and stores nothing', async () => {
    const before = await snapshot();
    const g = `/conversations/${group.id}`;
    const m = `/messages/${message.id}`;
    const attachment = { type: 'note', id: uuid(1) };
    const cases: [Method, string, unknown, string[]][] = [
      // create conversation
      ['POST', '/conversations', {}, ['memberIds', 'type']],
      ['POST', '/conversations', { type: 'channel', memberIds: [bob.id] }, ['type']],
      ['POST', '/conversations', { type: 'group', memberIds: bob.id }, ['memberIds']],
      ['POST', '/conversations', { type: 'group', memberIds: ['bob'] }, ['memberIds.0']],
      ['POST', '/conversations', { type: 'group', memberIds: [bob.id, bob.id] }, ['memberIds']],
      [
        'POST',
        '/conversations',
        { type: 'group', memberIds: Array.from({ length: 101 }, (_, i) => uuid(i)) },
        ['memberIds'],
      ],
      ['POST', '/conversations', { type: 'group', memberIds: [bob.id], title: 't'.repeat(201) }, ['title']],
      ['POST', '/conversations', { type: 'group', memberIds: [bob.id], title: '   ' }, ['title']],
      ['POST', '/conversations', { type: 'group', memberIds: [bob.id], title: 5 }, ['title']],
      ['POST', '/conversations', { type: 'group', memberIds: [bob.id], owner: dave.id }, ['owner']],
      ['POST', '/conversations', { type: 'direct', memberIds: [bob.id], userId: dave.id }, ['userId']],
      ['POST', '/conversations', [{ type: 'direct', memberIds: [bob.id] }], ['(root)']],
      // update conversation
      ['PATCH', g, { title: '' }, ['title']],
      ['PATCH', g, { archived: 'yes' }, ['archived']],
      ['PATCH', g, { title: 'ok', color: 'red' }, ['color']],
      ['PATCH', '/conversations/not-a-uuid', { title: 'x' }, ['id']],
      // members
      ['POST', `${g}/members`, {}, ['userIds']],
      ['POST', `${g}/members`, { userIds: [] }, ['userIds']],
      ['POST', `${g}/members`, { userIds: ['dave'] }, ['userIds.0']],
      ['POST', `${g}/members`, { userIds: [dave.id, dave.id] }, ['userIds']],
      ['POST', `${g}/members`, { userIds: [dave.id], role: 'owner' }, ['role']],
      ['POST', `${g}/members`, { userIds: [dave.id], role: 'boss' }, ['role']],
      ['POST', `${g}/members`, { userIds: [dave.id], note: 'welcome' }, ['note']],
      ['POST', '/conversations/123/members', { userIds: [dave.id] }, ['id']],
      ['DELETE', `${g}/members/bob`, undefined, ['userId']],
      ['DELETE', `/conversations/123/members/${bob.id}`, undefined, ['id']],
      // send message
      ['POST', `${g}/messages`, {}, ['body']],
      ['POST', `${g}/messages`, { body: '' }, ['body']],
      ['POST', `${g}/messages`, { body: ' \n\t ' }, ['body']],
      ['POST', `${g}/messages`, { body: 5 }, ['body']],
      ['POST', `${g}/messages`, { body: 'x'.repeat(10_001) }, ['body']],
      ['POST', `${g}/messages`, { body: 'x', attachments: 'note' }, ['attachments']],
      [
        'POST',
        `${g}/messages`,
        { body: 'x', attachments: [{ ...attachment, type: 'video' }] },
        ['attachments.0.type'],
      ],
      [
        'POST',
        `${g}/messages`,
        { body: 'x', attachments: [{ ...attachment, id: 'nope' }] },
        ['attachments.0.id'],
      ],
      [
        'POST',
        `${g}/messages`,
        { body: 'x', attachments: [{ ...attachment, title: 'x' }] },
        ['attachments.0.title'],
      ],
      [
        'POST',
        `${g}/messages`,
        { body: 'x', attachments: Array.from({ length: 11 }, (_, i) => ({ type: 'note', id: uuid(i) })) },
        ['attachments'],
      ],
      ['POST', `${g}/messages`, { body: 'x', clientId: 'c'.repeat(101) }, ['clientId']],
      ['POST', `${g}/messages`, { body: 'x', clientId: '' }, ['clientId']],
      ['POST', `${g}/messages`, { body: 'x', seq: 3 }, ['seq']],
      ['POST', `${g}/messages`, { body: 'x', senderId: bob.id }, ['senderId']],
      ['POST', '/conversations/not-a-uuid/messages', { body: 'x' }, ['id']],
      // edit message
      ['PATCH', m, {}, ['body']],
      ['PATCH', m, { body: '' }, ['body']],
      ['PATCH', m, { body: 'x'.repeat(10_001) }, ['body']],
      ['PATCH', m, { body: 'x', attachments: [] }, ['attachments']],
      ['PATCH', '/messages/not-a-uuid', { body: 'x' }, ['id']],
      ['DELETE', '/messages/not-a-uuid', undefined, ['id']],
      // reactions
      ['POST', `${m}/reactions`, {}, ['emoji']],
      ['POST', `${m}/reactions`, { emoji: '' }, ['emoji']],
      ['POST', `${m}/reactions`, { emoji: 'two words' }, ['emoji']],
      ['POST', `${m}/reactions`, { emoji: 'x'.repeat(65) }, ['emoji']],
      ['POST', `${m}/reactions`, { emoji: 5 }, ['emoji']],
      ['POST', `${m}/reactions`, { emoji: '👍', userId: bob.id }, ['userId']],
      ['POST', '/messages/not-a-uuid/reactions', { emoji: '👍' }, ['id']],
      ['DELETE', `${m}/reactions/two%20words`, undefined, ['emoji']],
      ['DELETE', `${m}/reactions/${'x'.repeat(65)}`, undefined, ['emoji']],
      ['DELETE', `/messages/not-a-uuid/reactions/${encodeURIComponent('👍')}`, undefined, ['id']],
      // read marker
      ['POST', `${g}/read`, {}, ['seq']],
      ['POST', `${g}/read`, { seq: -1 }, ['seq']],
      ['POST', `${g}/read`, { seq: '3' }, ['seq']],
      ['POST', `${g}/read`, { seq: 1.5 }, ['seq']],
      ['POST', `${g}/read`, { seq: 1, userId: bob.id }, ['userId']],
      ['POST', '/conversations/not-a-uuid/read', { seq: 1 }, ['id']],
      // Postgres stores neither NUL nor half a surrogate pair: refused at the edge, not failed as a 500.
      ['POST', '/conversations', { type: 'group', memberIds: [bob.id], title: 'nul\u0000' }, ['title']],
      ['PATCH', g, { title: 'nul\u0000' }, ['title']],
      ['POST', `${g}/messages`, { body: 'nul \u0000 byte' }, ['body']],
      ['POST', `${g}/messages`, { body: 'half \ud83d a pair' }, ['body']],
      ['POST', `${g}/messages`, { body: 'x', clientId: 'c\u0000' }, ['clientId']],
      ['PATCH', m, { body: 'nul \u0000' }, ['body']],
      ['POST', `${m}/reactions`, { emoji: '\u0000' }, ['emoji']],
      ['POST', `${m}/reactions`, { emoji: '\ud83d' }, ['emoji']],
      ['DELETE', `${m}/reactions/%00`, undefined, ['emoji']],
      // notifications
      ['POST', '/notifications/not-a-uuid/read', undefined, ['id']],
    ];
    for (const [method, url, body, fields] of cases) {
      const response = await call(alice.client, method, url, body);
      const problem = expectProblem(response, 400, 'validation-failed');
      // One field may break several rules (an empty emoji is both too short and not one emoji).
      const named = [...new Set(problemFields(problem))];
      expect({ method, url, body, fields: named }).toEqual({ method, url, body, fields });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 naming the parameter to bad query strings', async () => {
    const g = `/conversations/${group.id}`;
    const cases: [string, string][] = [
      ['/conversations?archived=yes', 'archived'],
      ['/conversations?limit=0', 'limit'],
      ['/conversations?limit=201', 'limit'],
      ['/conversations?limit=ten', 'limit'],
      ['/conversations?cursor=' + 'c'.repeat(201), 'cursor'],
      ['/conversations?sort=title', 'sort'],
      ['/conversations/not-a-uuid', 'id'],
      [`${g}/messages?limit=0`, 'limit'],
      [`${g}/messages?limit=500`, 'limit'],
      [`${g}/messages?before=-1`, 'before'],
      [`${g}/messages?before=1.5`, 'before'],
      [`${g}/messages?before=abc`, 'before'],
      [`${g}/messages?before=`, 'before'],
      [`${g}/messages?after=1e3`, 'after'],
      [`${g}/messages?after=0x10`, 'after'],
      [`${g}/messages?before=99999999999`, 'before'],
      [`${g}/messages?before=5&after=2`, 'after'],
      [`${g}/messages?cursor=3`, 'cursor'],
      ['/conversations/not-a-uuid/messages', 'id'],
      [`${g}/events?afterSeq=-1`, 'afterSeq'],
      [`${g}/events?afterSeq=x`, 'afterSeq'],
      [`${g}/events?afterSeq=2.5`, 'afterSeq'],
      [`${g}/events?limit=0`, 'limit'],
      [`${g}/events?limit=1001`, 'limit'],
      [`${g}/events?since=1`, 'since'],
      ['/conversations/not-a-uuid/events', 'id'],
      ['/messages/search', 'q'],
      ['/messages/search?q=', 'q'],
      ['/messages/search?q=%20%20', 'q'],
      [`/messages/search?q=${'q'.repeat(201)}`, 'q'],
      ['/messages/search?q=x&conversationId=nope', 'conversationId'],
      ['/messages/search?q=x&limit=500', 'limit'],
      [`/messages/search?q=x&cursor=${'c'.repeat(201)}`, 'cursor'],
      ['/messages/search?q=x&type=note', 'type'],
      ['/messages/search?q=nul%00', 'q'],
      ['/notifications?unread=yes', 'unread'],
      ['/notifications?limit=0', 'limit'],
      ['/notifications?limit=201', 'limit'],
      ['/notifications?kind=mentioned', 'kind'],
    ];
    for (const [url, field] of cases) {
      const problem = expectProblem(await alice.client.get(url), 400, 'validation-failed');
      expect({ url, fields: problemFields(problem) }).toEqual({ url, fields: [field] });
    }
  });

  it('answers malformed or non-JSON bodies with 400 or 415, oversized ones with 413, and stores nothing', async () => {
    const before = await snapshot();
    const routes: [Method, string][] = [
      ['POST', '/conversations'],
      ['PATCH', `/conversations/${group.id}`],
      ['POST', `/conversations/${group.id}/members`],
      ['POST', `/conversations/${group.id}/messages`],
      ['PATCH', `/messages/${message.id}`],
      ['POST', `/messages/${message.id}/reactions`],
      ['POST', `/conversations/${group.id}/read`],
    ];
    for (const [method, url] of routes) {
      const json = { 'content-type': 'application/json' };
      const broken = await alice.client.request({ method, url, payload: '{"body": "x",', headers: json });
      expectProblem(broken, 400, 'malformed-json');
      const empty = await alice.client.request({ method, url, payload: '', headers: json });
      expectProblem(empty, 400, 'malformed-json');
      const text = await alice.client.request({
        method,
        url,
        payload: 'body=x',
        headers: { 'content-type': 'text/plain' },
      });
      expectProblem(text, 415, 'unsupported-media-type');
    }
    const huge = await alice.client.post(`/conversations/${group.id}/messages`, { body: 'x'.repeat(70_000) });
    expectProblem(huge, 413, 'payload-too-large');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an Idempotency-Key over 200 characters with 400 naming the header', async () => {
    const before = await snapshot();
    const headers = { 'idempotency-key': 'k'.repeat(201) };
    for (const [url, payload] of [
      ['/conversations', { type: 'group', title: 'never', memberIds: [bob.id] }],
      [`/conversations/${group.id}/messages`, { body: 'never sent' }],
    ] as const) {
      const response = await alice.client.request({ method: 'POST', url, payload, headers });
      expect(problemFields(expectProblem(response, 400, 'validation-failed'))).toEqual(['Idempotency-Key']);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses requests that break a rule of the domain with 422 naming the field, storing nothing', async () => {
    const before = await snapshot();
    const cases: [string, unknown, string][] = [
      ['/conversations', { type: 'direct', memberIds: [bob.id, dave.id] }, 'memberIds'],
      ['/conversations', { type: 'direct', memberIds: [] }, 'memberIds'],
      ['/conversations', { type: 'direct', memberIds: [alice.id] }, 'memberIds'],
      ['/conversations', { type: 'direct', memberIds: [bob.id], title: 'Us' }, 'title'],
      ['/conversations', { type: 'group', memberIds: [bob.id] }, 'title'],
      ['/conversations', { type: 'group', memberIds: [bob.id, alice.id], title: 'Me twice' }, 'memberIds'],
      [`/conversations/${direct.id}/members`, { userIds: [dave.id] }, 'userIds'],
      ['/conversations', { type: 'group', memberIds: [uuid(7)], title: 'Nobody' }, 'memberIds'],
      [`/conversations/${group.id}/members`, { userIds: [uuid(8)] }, 'userIds'],
      [
        `/conversations/${group.id}/messages`,
        { body: 'x', attachments: [{ type: 'file', id: uuid(9) }] },
        'attachments.0',
      ],
    ];
    for (const [url, body, field] of cases) {
      const problem = expectProblem(await alice.client.post(url, body), 422, 'unprocessable-content');
      expect({ url, body, fields: problemFields(problem) }).toEqual({ url, body, fields: [field] });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a cursor no list handed out with 422 naming it', async () => {
    for (const url of [
      '/conversations?cursor=garbage',
      '/notifications?cursor=garbage',
      '/messages/search?q=x&cursor=garbage',
    ]) {
      const problem = expectProblem(await alice.client.get(url), 422, 'unprocessable-content');
      expect({ url, fields: problemFields(problem) }).toEqual({ url, fields: ['cursor'] });
    }
  });

  it('refuses an Idempotency-Key reused for a message to another conversation with 422', async () => {
    const headers = { 'idempotency-key': `shared-${Date.now()}` };
    const first = await alice.client.request({
      method: 'POST',
      url: `/conversations/${direct.id}/messages`,
      payload: { body: 'keyed' },
      headers,
    });
    expect(first.statusCode).toBe(201);
    const before = await messagesOf(alice, group.id);
    const reused = await alice.client.request({
      method: 'POST',
      url: `/conversations/${group.id}/messages`,
      payload: { body: 'keyed elsewhere' },
      headers,
    });
    expect(problemFields(expectProblem(reused, 422, 'unprocessable-content'))).toEqual(['Idempotency-Key']);
    expect(await messagesOf(alice, group.id)).toEqual(before);
  });

  it('refuses members what their role does not allow with 403, changing nothing', async () => {
    const before = await snapshot();
    expectProblem(
      await alice.client.delete(`/conversations/${direct.id}/members/${bob.id}`),
      403,
      'forbidden',
    );
    expectProblem(
      await bob.client.post(`/conversations/${group.id}/members`, { userIds: [dave.id], role: 'admin' }),
      403,
      'forbidden',
    );
    expectProblem(
      await bob.client.patch(`/conversations/${group.id}`, { title: 'Taken over' }),
      403,
      'forbidden',
    );
    expectProblem(await bob.client.patch(`/messages/${message.id}`, { body: 'not yours' }), 403, 'forbidden');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 401 on every route without credentials', async () => {
    const anonymous = new ApiClient(stack.gateway, '203.0.113.77');
    const g = `/conversations/${group.id}`;
    const m = `/messages/${message.id}`;
    const calls: [Method, string, unknown?][] = [
      ['GET', '/conversations'],
      ['POST', '/conversations', { type: 'direct', memberIds: [bob.id] }],
      ['GET', g],
      ['PATCH', g, { title: 'x' }],
      ['POST', `${g}/members`, { userIds: [dave.id] }],
      ['DELETE', `${g}/members/${bob.id}`],
      ['GET', `${g}/messages`],
      ['POST', `${g}/messages`, { body: 'x' }],
      ['POST', `${g}/read`, { seq: 1 }],
      ['GET', `${g}/events`],
      ['PATCH', m, { body: 'x' }],
      ['DELETE', m],
      ['POST', `${m}/reactions`, { emoji: '👍' }],
      ['DELETE', `${m}/reactions/x`],
      ['GET', '/messages/search?q=x'],
      ['GET', '/notifications'],
      ['POST', '/notifications/read'],
      ['POST', `/notifications/${uuid(1)}/read`],
    ];
    for (const [method, url, payload] of calls) {
      const response = await call(anonymous, method, url, payload);
      expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 401 });
      expectProblem(response, 401, 'unauthorized');
    }
  });

  it('documents every chat route in the OpenAPI document', async () => {
    interface Operation {
      parameters?: { name: string; in: string }[];
      responses: Record<string, unknown>;
    }
    const response = await stack.gateway.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = response.json<{ paths: Record<string, Record<string, Operation>> }>().paths;
    const expected: Record<string, Record<string, string[]>> = {
      '/api/v1/conversations': { get: ['200'], post: ['200', '201'] },
      '/api/v1/conversations/{id}': { get: ['200', '404'], patch: ['200', '403'] },
      '/api/v1/conversations/{id}/members': { post: ['201', '422'] },
      '/api/v1/conversations/{id}/members/{userId}': { delete: ['204'] },
      '/api/v1/conversations/{id}/messages': { get: ['200'], post: ['200', '201', '422'] },
      '/api/v1/conversations/{id}/read': { post: ['200'] },
      '/api/v1/conversations/{id}/events': { get: ['200'] },
      '/api/v1/messages/{id}': { patch: ['200', '409'], delete: ['204'] },
      '/api/v1/messages/{id}/reactions': { post: ['201'] },
      '/api/v1/messages/{id}/reactions/{emoji}': { delete: ['200'] },
      '/api/v1/messages/search': { get: ['200'] },
      '/api/v1/notifications': { get: ['200'] },
      '/api/v1/notifications/read': { post: ['200'] },
      '/api/v1/notifications/{id}/read': { post: ['200'] },
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const [method, statuses] of Object.entries(methods)) {
        const operation = paths[path]?.[method];
        expect({ path, method, documented: operation !== undefined }).toEqual({
          path,
          method,
          documented: true,
        });
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining([...statuses, '400', '401']));
      }
    }
    const headers = (operation: Operation) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'header')
        .map((parameter) => parameter.name);
    expect(headers(paths['/api/v1/conversations'].post)).toContain('Idempotency-Key');
    expect(headers(paths['/api/v1/conversations/{id}/messages'].post)).toContain('Idempotency-Key');
    const queries = (operation: Operation) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name);
    expect(queries(paths['/api/v1/conversations/{id}/messages'].get).sort()).toEqual([
      'after',
      'before',
      'limit',
    ]);
    expect(queries(paths['/api/v1/conversations/{id}/events'].get).sort()).toEqual(['afterSeq', 'limit']);
  });
});
