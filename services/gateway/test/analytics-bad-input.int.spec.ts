import { ApiClient, expectProblem, problemFields } from './gateway-auth.fixture';
import {
  type ContentStack,
  registerUser,
  type SignedInUser,
  startContentStack,
} from './content-stack.fixture';

type Method = 'GET' | 'POST';

interface Challenge {
  id: string;
  title: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every analytics route refuses bad input with a problem naming the field, never a 500, and stores nothing. */
describe('analytics API: bad input', () => {
  let stack: ContentStack;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let challenge: Challenge;

  const uuid = (n: number) => `01890000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
  const validChallenge = () => ({
    title: 'Ten tasks',
    metric: 'tasks_completed',
    target: 10,
    startsAt: inDays(-1),
    endsAt: inDays(7),
    visibility: 'public',
  });

  beforeAll(async () => {
    stack = await startContentStack({ withAnalytics: true, env: { HTTP_BODY_LIMIT: '64kb' } });
    alice = await registerUser(stack, 'alice');
    bob = await registerUser(stack, 'bob');
    const created = await alice.client.post('/challenges', validChallenge());
    expect({ status: created.statusCode, body: created.body }).toMatchObject({ status: 201 });
    challenge = created.json<{ challenge: Challenge }>().challenge;
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** What a refused request must leave as it was: the challenges each person sees. */
  const snapshot = async () => {
    const visible = async (user: SignedInUser) =>
      (await user.client.get('/challenges?limit=200'))
        .json<{ items: Challenge[] }>()
        .items.map((item) => item.id)
        .sort();
    return { alice: await visible(alice), bob: await visible(bob) };
  };

  const call = (client: ApiClient, method: Method, url: string, payload?: unknown) =>
    client.request({ method, url, ...(payload === undefined ? {} : { payload: payload as string }) });

  it('answers 400 naming the parameter to bad query strings', async () => {
    const c = `/challenges/${challenge.id}`;
    const cases: [string, string][] = [
      // dashboard
      ['/analytics/dashboard?range=14d', 'range'],
      ['/analytics/dashboard?range=', 'range'],
      ['/analytics/dashboard?range=7D', 'range'],
      ['/analytics/dashboard?range=7d&tz=Mars/Olympus', 'tz'],
      ['/analytics/dashboard?range=7d&tz=', 'tz'],
      ['/analytics/dashboard?range=7d&tz=+02:00', 'tz'],
      [`/analytics/dashboard?range=7d&tz=${'Europe/'.repeat(10)}`, 'tz'],
      ['/analytics/dashboard?range=7d&tz=Europe%2FBerlin%00', 'tz'],
      ['/analytics/dashboard?range=7d&timeZone=UTC', 'timeZone'],
      ['/analytics/dashboard?range=7d&userId=' + uuid(1), 'userId'],
      // heatmap
      ['/analytics/heatmap?year=1999', 'year'],
      ['/analytics/heatmap?year=2101', 'year'],
      ['/analytics/heatmap?year=abc', 'year'],
      ['/analytics/heatmap?year=', 'year'],
      ['/analytics/heatmap?year=2025.5', 'year'],
      ['/analytics/heatmap?year=2e3', 'year'],
      ['/analytics/heatmap?year=-2025', 'year'],
      ['/analytics/heatmap?year=02025', 'year'],
      ['/analytics/heatmap?month=3', 'month'],
      // challenge list
      ['/challenges?status=finished', 'status'],
      ['/challenges?joined=yes', 'joined'],
      ['/challenges?limit=0', 'limit'],
      ['/challenges?limit=201', 'limit'],
      ['/challenges?limit=ten', 'limit'],
      ['/challenges?limit=1e2', 'limit'],
      ['/challenges?cursor=' + 'c'.repeat(201), 'cursor'],
      ['/challenges?sort=title', 'sort'],
      ['/challenges/not-a-uuid', 'id'],
      // leaderboard
      [`${c}/leaderboard?around=you`, 'around'],
      [`${c}/leaderboard?around=`, 'around'],
      [`${c}/leaderboard?around=${bob.id}`, 'around'],
      [`${c}/leaderboard?limit=0`, 'limit'],
      [`${c}/leaderboard?limit=201`, 'limit'],
      [`${c}/leaderboard?limit=-1`, 'limit'],
      [`${c}/leaderboard?limit=0x10`, 'limit'],
      [`${c}/leaderboard?offset=10`, 'offset'],
      ['/challenges/not-a-uuid/leaderboard', 'id'],
      // trending
      ['/trending?window=1h', 'window'],
      ['/trending?window=30d', 'window'],
      ['/trending?limit=0', 'limit'],
      ['/trending?limit=51', 'limit'],
      ['/trending?limit=', 'limit'],
      ['/trending?user=me', 'user'],
      // recommendations
      ['/recommendations?limit=0', 'limit'],
      ['/recommendations?limit=51', 'limit'],
      ['/recommendations?limit=ten', 'limit'],
      ['/recommendations?type=note', 'type'],
    ];
    for (const [url, field] of cases) {
      const problem = expectProblem(await alice.client.get(url), 400, 'validation-failed');
      // One parameter may break several rules (a long made-up zone is both too long and unknown).
      expect({ url, fields: [...new Set(problemFields(problem))] }).toEqual({ url, fields: [field] });
    }
  });

  it('answers 400 naming the field to malformed bodies and ids, and stores nothing', async () => {
    const before = await snapshot();
    const c = `/challenges/${challenge.id}`;
    const good = validChallenge();
    const cases: [string, unknown, string[]][] = [
      ['/challenges', {}, ['endsAt', 'metric', 'startsAt', 'target', 'title', 'visibility']],
      ['/challenges', { ...good, title: '' }, ['title']],
      ['/challenges', { ...good, title: '   ' }, ['title']],
      ['/challenges', { ...good, title: 't'.repeat(201) }, ['title']],
      ['/challenges', { ...good, title: 'nul\u0000' }, ['title']],
      ['/challenges', { ...good, description: 'd'.repeat(2001) }, ['description']],
      ['/challenges', { ...good, metric: 'steps' }, ['metric']],
      ['/challenges', { ...good, target: 0 }, ['target']],
      ['/challenges', { ...good, target: 1.5 }, ['target']],
      ['/challenges', { ...good, target: '10' }, ['target']],
      ['/challenges', { ...good, target: 1_000_001 }, ['target']],
      ['/challenges', { ...good, startsAt: 'tomorrow' }, ['startsAt']],
      ['/challenges', { ...good, endsAt: '2026-13-01T00:00:00Z' }, ['endsAt']],
      ['/challenges', { ...good, visibility: 'private' }, ['visibility']],
      ['/challenges', { ...good, invitees: bob.id }, ['invitees']],
      ['/challenges', { ...good, invitees: ['bob'] }, ['invitees.0']],
      ['/challenges', { ...good, invitees: Array.from({ length: 201 }, (_, i) => uuid(i)) }, ['invitees']],
      ['/challenges', { ...good, ownerId: bob.id }, ['ownerId']],
      ['/challenges', { ...good, userId: bob.id }, ['userId']],
      ['/challenges', [good], ['(root)']],
      // invitations
      [`${c}/invitations`, {}, ['userIds']],
      [`${c}/invitations`, { userIds: [] }, ['userIds']],
      [`${c}/invitations`, { userIds: bob.id }, ['userIds']],
      [`${c}/invitations`, { userIds: ['bob'] }, ['userIds.0']],
      [`${c}/invitations`, { userIds: [bob.id], role: 'admin' }, ['role']],
      ['/challenges/not-a-uuid/invitations', { userIds: [bob.id] }, ['id']],
      // membership
      ['/challenges/not-a-uuid/join', undefined, ['id']],
      ['/challenges/not-a-uuid/leave', undefined, ['id']],
    ];
    for (const [url, body, fields] of cases) {
      const response = await call(bob.client, 'POST', url, body);
      const problem = expectProblem(response, 400, 'validation-failed');
      // One field may break several rules (a blank title is both empty and too short).
      const named = [...new Set(problemFields(problem))];
      expect({ url, body, fields: named }).toEqual({ url, body, fields });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers malformed or non-JSON bodies with 400 or 415, oversized ones with 413, and stores nothing', async () => {
    const before = await snapshot();
    for (const url of ['/challenges', `/challenges/${challenge.id}/invitations`]) {
      const json = { 'content-type': 'application/json' };
      const broken = await alice.client.request({
        method: 'POST',
        url,
        payload: '{"title": "x",',
        headers: json,
      });
      expectProblem(broken, 400, 'malformed-json');
      const text = await alice.client.request({
        method: 'POST',
        url,
        payload: 'title=x',
        headers: { 'content-type': 'text/plain' },
      });
      expectProblem(text, 415, 'unsupported-media-type');
    }
    const huge = await alice.client.post('/challenges', {
      ...validChallenge(),
      description: 'x'.repeat(70_000),
    });
    expectProblem(huge, 413, 'payload-too-large');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an Idempotency-Key over 200 characters with 400 naming the header', async () => {
    const before = await snapshot();
    const response = await alice.client.request({
      method: 'POST',
      url: '/challenges',
      payload: validChallenge(),
      headers: { 'idempotency-key': 'k'.repeat(201) },
    });
    expect(problemFields(expectProblem(response, 400, 'validation-failed'))).toEqual(['Idempotency-Key']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses impossible challenge dates and unknown invitees with 422 naming the field, storing nothing', async () => {
    const before = await snapshot();
    const good = validChallenge();
    const cases: [string, unknown, string][] = [
      ['/challenges', { ...good, startsAt: inDays(5), endsAt: inDays(2) }, 'endsAt'],
      ['/challenges', { ...good, startsAt: inDays(2), endsAt: inDays(2) }, 'endsAt'],
      ['/challenges', { ...good, startsAt: inDays(-9), endsAt: inDays(-2) }, 'endsAt'],
      ['/challenges', { ...good, startsAt: inDays(1), endsAt: inDays(400) }, 'endsAt'],
      ['/challenges', { ...good, visibility: 'invite', invitees: [uuid(7)] }, 'invitees'],
      [`/challenges/${challenge.id}/invitations`, { userIds: [uuid(8)] }, 'userIds'],
    ];
    for (const [url, body, field] of cases) {
      const problem = expectProblem(await alice.client.post(url, body), 422, 'unprocessable-content');
      expect({ url, body, fields: [...new Set(problemFields(problem))] }).toEqual({
        url,
        body,
        fields: [field],
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an Idempotency-Key reused for a different challenge with 422 naming the header', async () => {
    const headers = { 'idempotency-key': `reused-${Date.now()}` };
    const first = await alice.client.request({
      method: 'POST',
      url: '/challenges',
      payload: validChallenge(),
      headers,
    });
    expect(first.statusCode).toBe(201);
    const before = await snapshot();
    const reused = await alice.client.request({
      method: 'POST',
      url: '/challenges',
      payload: { ...validChallenge(), title: 'Something else' },
      headers,
    });
    expect(problemFields(expectProblem(reused, 422, 'unprocessable-content'))).toEqual(['Idempotency-Key']);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for a challenge that does not exist, exactly like for one the caller may not see', async () => {
    const hidden = await alice.client.post('/challenges', { ...validChallenge(), visibility: 'invite' });
    expect(hidden.statusCode).toBe(201);
    const hiddenId = hidden.json<{ challenge: Challenge }>().challenge.id;
    for (const id of [uuid(42), hiddenId]) {
      const calls: [Method, string, unknown?][] = [
        ['GET', `/challenges/${id}`],
        ['POST', `/challenges/${id}/join`],
        ['POST', `/challenges/${id}/leave`],
        ['GET', `/challenges/${id}/leaderboard`],
        ['GET', `/challenges/${id}/leaderboard?around=me`],
        ['POST', `/challenges/${id}/invitations`, { userIds: [alice.id] }],
      ];
      for (const [method, url, payload] of calls) {
        const response = await call(bob.client, method, url, payload);
        expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 404 });
        expectProblem(response, 404, 'not-found');
      }
    }
  });

  it('refuses invitations by anybody but the owner with 403', async () => {
    const before = await snapshot();
    const joined = await bob.client.post(`/challenges/${challenge.id}/join`);
    expect(joined.statusCode).toBe(200);
    const response = await bob.client.post(`/challenges/${challenge.id}/invitations`, {
      userIds: [alice.id],
    });
    expectProblem(response, 403, 'forbidden');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 401 on every route without credentials', async () => {
    const anonymous = new ApiClient(stack.gateway, '203.0.113.78');
    const c = `/challenges/${challenge.id}`;
    const calls: [Method, string, unknown?][] = [
      ['GET', '/analytics/dashboard?range=7d'],
      ['GET', '/analytics/streak'],
      ['GET', '/analytics/heatmap'],
      ['GET', '/challenges'],
      ['POST', '/challenges', validChallenge()],
      ['GET', c],
      ['POST', `${c}/join`],
      ['POST', `${c}/leave`],
      ['POST', `${c}/invitations`, { userIds: [bob.id] }],
      ['GET', `${c}/leaderboard`],
      ['GET', '/trending'],
      ['GET', '/recommendations'],
    ];
    for (const [method, url, payload] of calls) {
      const response = await call(anonymous, method, url, payload);
      expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 401 });
      expectProblem(response, 401, 'unauthorized');
    }
  });

  it('documents every analytics route in the OpenAPI document', async () => {
    interface Operation {
      parameters?: { name: string; in: string }[];
      responses: Record<string, unknown>;
    }
    const response = await stack.gateway.inject({ method: 'GET', url: '/api/openapi.json' });
    const document = response.json<{
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown> };
    }>();
    const paths = document.paths;
    const expected: Record<string, Record<string, string[]>> = {
      '/api/v1/analytics/dashboard': { get: ['200'] },
      '/api/v1/analytics/streak': { get: ['200'] },
      '/api/v1/analytics/heatmap': { get: ['200'] },
      '/api/v1/challenges': { get: ['200'], post: ['200', '201', '422'] },
      '/api/v1/challenges/{id}': { get: ['200', '404'] },
      '/api/v1/challenges/{id}/join': { post: ['200', '404', '409'] },
      '/api/v1/challenges/{id}/leave': { post: ['204', '404'] },
      '/api/v1/challenges/{id}/invitations': { post: ['200', '403', '404', '422'] },
      '/api/v1/challenges/{id}/leaderboard': { get: ['200', '404'] },
      '/api/v1/trending': { get: ['200'] },
      '/api/v1/recommendations': { get: ['200'] },
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
    const parameters = (operation: Operation, where: string) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.in === where)
        .map((parameter) => parameter.name)
        .sort();
    expect(parameters(paths['/api/v1/challenges'].post, 'header')).toContain('Idempotency-Key');
    expect(parameters(paths['/api/v1/analytics/dashboard'].get, 'query')).toEqual(['range', 'tz']);
    expect(parameters(paths['/api/v1/analytics/heatmap'].get, 'query')).toEqual(['year']);
    expect(parameters(paths['/api/v1/challenges'].get, 'query')).toEqual([
      'cursor',
      'joined',
      'limit',
      'status',
    ]);
    expect(parameters(paths['/api/v1/challenges/{id}/leaderboard'].get, 'query')).toEqual([
      'around',
      'limit',
    ]);
    expect(parameters(paths['/api/v1/trending'].get, 'query')).toEqual(['limit', 'window']);
    expect(parameters(paths['/api/v1/recommendations'].get, 'query')).toEqual(['limit']);
    // Every schema the analytics routes name is in the document.
    const analyticsPaths = Object.keys(expected).map((path) => paths[path]);
    const references = [
      ...JSON.stringify(analyticsPaths).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ];
    expect(references.length).toBeGreaterThan(0);
    for (const [, name] of references)
      expect({ name, defined: name in document.components.schemas }).toEqual({ name, defined: true });
  });
});
