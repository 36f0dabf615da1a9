import { type LightMyRequestResponse } from 'fastify';
import {
  ApiClient,
  expectProblem,
  type GatewayStack,
  problemFields,
  sessionSetCookie,
  startGatewayStack,
} from './gateway-auth.fixture';

interface SignedIn {
  user: { id: string; username: string; email: string; role: string; displayName: string };
  token: string;
  expiresAt: string;
}

const PASSWORD = 'correct horse battery';

/** The real gateway and the real auth service in-process, over real Redis and PostgreSQL. */
describe('accounts and sessions API', () => {
  let stack: GatewayStack;
  let admin: ApiClient;
  let userCount = 0;
  let addressCount = 1;
  const freshAddress = () => `192.0.2.${addressCount++}`;
  const anonymous = () => new ApiClient(stack.gateway, freshAddress());

  /** Registers a new user; the client carries the session as a cookie. */
  const register = async (name = `user${++userCount}`) => {
    const client = anonymous();
    const response = await client.post('/auth/register', {
      email: `${name}@example.com`,
      username: name,
      password: PASSWORD,
      displayName: `User ${name}`,
    });
    expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 201 });
    const body = response.json<SignedIn>();
    client.credential = { cookie: body.token };
    return { client, ...body, response };
  };

  const login = async (loginName: string, password = PASSWORD, client = anonymous()) =>
    client.post('/auth/login', { login: loginName, password });

  beforeAll(async () => {
    stack = await startGatewayStack({ env: { RATE_LIMIT_API: '1000/1m', HTTP_BODY_LIMIT: '16kb' } });
    const first = await register('admin');
    expect(first.user.role).toBe('admin');
    admin = first.client;
  });
  afterAll(async () => {
    await stack?.close();
  });

  describe('sign-up, sign-in and sign-out', () => {
    it('registers, sets the session cookie and serves GET /auth/me with it', async () => {
      const { client, user, token, expiresAt, response } = await register();
      expect(user).toMatchObject({ role: 'user', email: `${user.username}@example.com` });
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
      const cookie = sessionSetCookie(response);
      expect(cookie).toMatch(new RegExp(`^tracera_session=${token};`));
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; Max-Age=2592000/);
      // AUTH_COOKIE_SECURE=false in this test setup (plain http); Secure is the default otherwise.
      expect(cookie).not.toMatch(/Secure/);
      const me = await client.get('/auth/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({ user });
      expect(me.headers['ratelimit-limit']).toBe('1000');
    });

    it('reports sign-ups open and no first run once the first user exists, without a credential', async () => {
      const registration = await anonymous().get('/auth/registration');
      expect(registration.statusCode).toBe(200);
      expect(registration.json()).toEqual({ open: true, firstRun: false });
    });

    it('signs in by username or email with a new token each time, usable as a bearer token', async () => {
      const { user, token } = await register();
      const byName = await login(user.username);
      expect(byName.statusCode).toBe(200);
      const signedIn = byName.json<SignedIn>();
      expect(signedIn).toMatchObject({ user: { id: user.id } });
      expect(signedIn.token).not.toBe(token);
      expect(sessionSetCookie(byName)).toMatch(new RegExp(`^tracera_session=${signedIn.token};`));
      const byEmail = await login(user.email.toUpperCase());
      expect(byEmail.statusCode).toBe(200);
      const bearer = new ApiClient(stack.gateway, freshAddress(), { bearer: signedIn.token });
      expect((await bearer.get('/auth/me')).json()).toMatchObject({ user: { id: user.id } });
    });

    it('answers 401 to a wrong password or an unknown account, alike', async () => {
      const { user } = await register();
      const wrong = expectProblem(await login(user.username, 'not the password'), 401, 'unauthorized');
      const unknown = expectProblem(await login('nobody-here', 'not the password'), 401, 'unauthorized');
      expect(wrong.detail).toBe(unknown.detail);
    });

    it('logs out: 204, the cookie cleared and the session refused afterwards', async () => {
      const { client } = await register();
      const response = await client.post('/auth/logout');
      expect(response.statusCode).toBe(204);
      expect(sessionSetCookie(response)).toMatch(/^tracera_session=; Max-Age=0; Path=\/; HttpOnly/);
      expectProblem(await client.get('/auth/me'), 401, 'unauthorized');
      // Signing out again, or without a session, is harmless.
      expect((await client.post('/auth/logout')).statusCode).toBe(204);
      expect((await anonymous().post('/auth/logout')).statusCode).toBe(204);
    });

    it('answers 401 problems to unauthenticated calls of every protected route', async () => {
      const client = anonymous();
      for (const [method, url] of [
        ['GET', '/auth/me'],
        ['PATCH', '/auth/me'],
        ['POST', '/auth/password'],
        ['GET', '/auth/sessions'],
        ['DELETE', '/auth/sessions'],
        ['GET', '/auth/tokens'],
        ['POST', '/auth/tokens'],
        ['GET', '/users'],
        ['GET', '/admin/users'],
        ['POST', '/admin/users'],
      ] as const) {
        expectProblem(await client.request({ method, url, payload: {} }), 401, 'unauthorized');
      }
    });
  });

  describe('profile and password', () => {
    it('updates the profile, and GET /auth/me shows the change at once although it is cached', async () => {
      const { client } = await register();
      // The first read fills the profile cache the gateway answers later reads from.
      expect((await client.get('/auth/me')).json()).toMatchObject({ user: { timeZone: 'UTC' } });
      const changes = { displayName: 'Ada L.', timeZone: 'Europe/Berlin', locale: 'de-DE' };
      const updated = await client.patch('/auth/me', changes);
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ user: changes });
      expect((await client.get('/auth/me')).json()).toMatchObject({ user: changes });
    });

    it('changes the password, revoking every other session but this one', async () => {
      const { client, user } = await register();
      const other = new ApiClient(stack.gateway, freshAddress(), {
        bearer: (await login(user.username)).json<SignedIn>().token,
      });
      expect((await other.get('/auth/me')).statusCode).toBe(200);
      const changed = await client.post('/auth/password', {
        currentPassword: PASSWORD,
        newPassword: 'a brand new passphrase',
      });
      expect(changed.statusCode).toBe(204);
      expect((await client.get('/auth/me')).statusCode).toBe(200);
      expectProblem(await other.get('/auth/me'), 401);
      expectProblem(await login(user.username), 401);
      expect((await login(user.username, 'a brand new passphrase')).statusCode).toBe(200);
    });
  });

  describe('sessions', () => {
    it('lists the sessions with the current one marked, revokes one and signs out everywhere', async () => {
      const { client, user } = await register();
      const second = new ApiClient(stack.gateway, freshAddress());
      second.credential = { bearer: (await login(user.username, PASSWORD, second)).json<SignedIn>().token };
      const listed = await client.request({
        method: 'GET',
        url: '/auth/sessions',
        headers: { 'user-agent': 'jest-browser/1.0' },
      });
      expect(listed.statusCode).toBe(200);
      const items = listed.json<{ items: { id: string; current: boolean; ip: string | null }[] }>().items;
      expect(items).toHaveLength(2);
      expect(items.filter((item) => item.current)).toHaveLength(1);
      const otherSession = items.find((item) => !item.current);
      expect(otherSession).toMatchObject({ ip: second.remoteAddress });

      expect((await client.delete(`/auth/sessions/${otherSession?.id}`)).statusCode).toBe(204);
      expectProblem(await second.get('/auth/me'), 401);
      expect((await client.get('/auth/me')).statusCode).toBe(200);

      const third = new ApiClient(stack.gateway, freshAddress(), {
        bearer: (await login(user.username)).json<SignedIn>().token,
      });
      const everywhere = await client.delete('/auth/sessions');
      expect(everywhere.statusCode).toBe(204);
      expect(sessionSetCookie(everywhere)).toMatch(/^tracera_session=; Max-Age=0/);
      expectProblem(await client.get('/auth/me'), 401);
      expectProblem(await third.get('/auth/me'), 401);
    });
  });

  describe('personal API tokens', () => {
    const createToken = async (client: ApiClient, scopes: string[]) => {
      const response = await client.post('/auth/tokens', { name: `script ${scopes.join('+')}`, scopes });
      expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 201 });
      return response.json<{ token: { id: string; scopes: string[] }; secret: string }>();
    };

    it('creates, lists and revokes tokens; the secret is shown once and works as a bearer token', async () => {
      const { client, user } = await register();
      const created = await createToken(client, ['read']);
      expect(created.secret).toMatch(/^trp_/);
      const listed = await client.get('/auth/tokens');
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toMatchObject({ items: [{ id: created.token.id, scopes: ['read'] }] });
      expect(listed.body).not.toContain(created.secret);

      const script = new ApiClient(stack.gateway, freshAddress(), { bearer: created.secret });
      expect((await script.get('/auth/me')).json()).toMatchObject({ user: { id: user.id } });
      expect((await client.delete(`/auth/tokens/${created.token.id}`)).statusCode).toBe(204);
      expectProblem(await script.get('/auth/me'), 401);
    });

    it('enforces scopes: a read token cannot write, a write token can', async () => {
      const { client } = await register();
      const reader = new ApiClient(stack.gateway, freshAddress(), {
        bearer: (await createToken(client, ['read'])).secret,
      });
      const problem = expectProblem(
        await reader.patch('/auth/me', { displayName: 'nope' }),
        403,
        'forbidden',
      );
      expect(problem.detail).toMatch(/write/);
      const writer = new ApiClient(stack.gateway, freshAddress(), {
        bearer: (await createToken(client, ['read', 'write'])).secret,
      });
      expect((await writer.patch('/auth/me', { displayName: 'Scripted' })).statusCode).toBe(200);
    });

    it('does not let API tokens manage tokens, sessions or the password', async () => {
      const { client } = await register();
      const { secret, token } = await createToken(client, ['read', 'write']);
      const script = new ApiClient(stack.gateway, freshAddress(), { bearer: secret });
      expectProblem(await script.get('/auth/tokens'), 403, 'forbidden');
      expectProblem(await script.post('/auth/tokens', { name: 'x', scopes: ['read'] }), 403, 'forbidden');
      expectProblem(await script.delete(`/auth/tokens/${token.id}`), 403, 'forbidden');
      expectProblem(await script.get('/auth/sessions'), 403, 'forbidden');
      expectProblem(await script.delete('/auth/sessions'), 403, 'forbidden');
      expectProblem(
        await script.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'another passphrase' }),
        403,
        'forbidden',
      );
      expect((await client.get('/auth/tokens')).json<{ items: unknown[] }>().items).toHaveLength(1);
    });
  });

  describe('isolation between users', () => {
    it("answers 404 to user B for user A's session and token ids, and changes nothing", async () => {
      const a = await register();
      const b = await register();
      const aSessions = (await a.client.get('/auth/sessions')).json<{ items: { id: string }[] }>().items;
      const aToken = (await a.client.post('/auth/tokens', { name: 'a', scopes: ['read'] })).json<{
        token: { id: string };
      }>().token;
      expectProblem(await b.client.delete(`/auth/sessions/${aSessions[0].id}`), 404, 'not-found');
      expectProblem(await b.client.delete(`/auth/tokens/${aToken.id}`), 404, 'not-found');
      expect((await a.client.get('/auth/me')).statusCode).toBe(200);
      expect((await a.client.get('/auth/tokens')).json<{ items: unknown[] }>().items).toHaveLength(1);
      expect((await b.client.get('/auth/sessions')).json<{ items: unknown[] }>().items).toHaveLength(1);
    });

    it('lists people in the directory without private fields', async () => {
      const { client, user } = await register();
      const found = await client.get(`/users?query=${user.username}&limit=5`);
      expect(found.statusCode).toBe(200);
      const items = found.json<{ items: Record<string, unknown>[] }>().items;
      expect(items).toContainEqual(expect.objectContaining({ id: user.id, username: user.username }));
      for (const item of items) expect(item).not.toHaveProperty('email');
    });
  });

  describe('administration', () => {
    it('refuses admin routes to non-admins with 403', async () => {
      const { client, user } = await register();
      expectProblem(await client.get('/admin/users'), 403, 'forbidden');
      expectProblem(
        await client.post('/admin/users', {
          email: 'x@example.com',
          username: 'sneaky',
          password: PASSWORD,
        }),
        403,
        'forbidden',
      );
      expectProblem(await client.patch(`/admin/users/${user.id}`, { role: 'admin' }), 403, 'forbidden');
      expect((await client.get('/auth/me')).json()).toMatchObject({ user: { role: 'user' } });
    });

    it('lets an admin list and create users', async () => {
      const created = await admin.post('/admin/users', {
        email: 'made-by-admin@example.com',
        username: 'made-by-admin',
        password: PASSWORD,
        role: 'user',
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ user: { username: 'made-by-admin', disabled: false } });
      const listed = await admin.get('/admin/users?query=made-by-admin');
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toMatchObject({ items: [{ username: 'made-by-admin' }] });
      expect((await login('made-by-admin')).statusCode).toBe(200);
    });

    it('carries a role change into live sessions and the cached profile at once', async () => {
      const { client, user } = await register();
      expect((await client.get('/auth/me')).json()).toMatchObject({ user: { role: 'user' } });
      expectProblem(await client.get('/admin/users'), 403, 'forbidden');
      expect((await admin.patch(`/admin/users/${user.id}`, { role: 'admin' })).statusCode).toBe(200);
      expect((await client.get('/auth/me')).json()).toMatchObject({ user: { role: 'admin' } });
      expect((await client.get('/admin/users')).statusCode).toBe(200);
    });

    it("stops a disabled user's sessions and API tokens at once", async () => {
      const { client, user } = await register();
      const secret = (await client.post('/auth/tokens', { name: 's', scopes: ['read'] })).json<{
        secret: string;
      }>().secret;
      const script = new ApiClient(stack.gateway, freshAddress(), { bearer: secret });
      expect((await script.get('/auth/me')).statusCode).toBe(200);
      const disabled = await admin.patch(`/admin/users/${user.id}`, { disabled: true });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toMatchObject({ user: { id: user.id, disabled: true } });
      expectProblem(await client.get('/auth/me'), 401);
      expectProblem(await script.get('/auth/me'), 401);
      expectProblem(await login(user.username), 401);
    });

    it('needs the admin scope for admin routes with an API token', async () => {
      const readWrite = (await admin.post('/auth/tokens', { name: 'rw', scopes: ['read', 'write'] })).json<{
        secret: string;
      }>().secret;
      const adminScoped = (await admin.post('/auth/tokens', { name: 'adm', scopes: ['admin'] })).json<{
        secret: string;
      }>().secret;
      expectProblem(
        await new ApiClient(stack.gateway, freshAddress(), { bearer: readWrite }).get('/admin/users'),
        403,
      );
      expect(
        (await new ApiClient(stack.gateway, freshAddress(), { bearer: adminScoped }).get('/admin/users'))
          .statusCode,
      ).toBe(200);
    });
  });

  describe('login throttling', () => {
    it('answers the 6th attempt after 5 failures with 429 and Retry-After, even with the right password', async () => {
      const { user } = await register();
      const client = anonymous();
      for (let i = 0; i < 5; i++) expectProblem(await login(user.username, 'wrong password', client), 401);
      const blocked = await login(user.username, PASSWORD, client);
      expectProblem(blocked, 429, 'rate-limited');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(sessionSetCookie(blocked)).toBeUndefined();
      // The account is blocked from any address, and by any spelling of its name.
      expectProblem(await login(user.username.toUpperCase(), PASSWORD), 429, 'rate-limited');
    });

    it('blocks an address after 5 failures across accounts, unknown ones included', async () => {
      const { user } = await register();
      const client = anonymous();
      for (let i = 0; i < 5; i++) expectProblem(await login(`ghost${i}`, 'wrong password', client), 401);
      expectProblem(await login(user.username, PASSWORD, client), 429, 'rate-limited');
      expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
    });

    it('resets the account counter on a successful sign-in', async () => {
      const { user } = await register();
      for (let i = 0; i < 4; i++) expectProblem(await login(user.username, 'wrong password'), 401);
      expect((await login(user.username)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) expectProblem(await login(user.username, 'wrong password'), 401);
      expect((await login(user.username)).statusCode).toBe(200);
    });
  });

  describe('bad input', () => {
    const send = (client: ApiClient, method: string, url: string, payload: unknown) =>
      client.request({ method: method as 'POST', url, payload: payload as string });

    interface BodyRoute {
      method: string;
      url: string;
      client: ApiClient;
      valid: Record<string, unknown>;
      required: string[];
      overlong: Record<string, string>;
    }

    /** Every body route, with a valid body to vary and a field whose overlong value is refused. */
    const bodyRoutes = (): BodyRoute[] => [
      {
        method: 'POST',
        url: '/auth/register',
        client: anonymous(),
        valid: { email: 'valid@example.com', username: 'valid-name', password: PASSWORD },
        required: ['email', 'password', 'username'],
        overlong: { username: 'u'.repeat(33) },
      },
      {
        method: 'POST',
        url: '/auth/login',
        client: anonymous(),
        valid: { login: 'someone', password: PASSWORD },
        required: ['login', 'password'],
        overlong: { login: 'l'.repeat(255) },
      },
      {
        method: 'PATCH',
        url: '/auth/me',
        client: admin,
        valid: { displayName: 'Fine' },
        required: [],
        overlong: { displayName: 'd'.repeat(101) },
      },
      {
        method: 'POST',
        url: '/auth/password',
        client: admin,
        valid: { currentPassword: PASSWORD, newPassword: 'another passphrase' },
        required: ['currentPassword', 'newPassword'],
        overlong: { newPassword: 'p'.repeat(257) },
      },
      {
        method: 'POST',
        url: '/auth/tokens',
        client: admin,
        valid: { name: 'script', scopes: ['read'] },
        required: ['name', 'scopes'],
        overlong: { name: 'n'.repeat(101) },
      },
      {
        method: 'POST',
        url: '/admin/users',
        client: admin,
        valid: { email: 'valid2@example.com', username: 'valid-two', password: PASSWORD },
        required: ['email', 'password', 'username'],
        overlong: { email: `${'e'.repeat(250)}@example.com` },
      },
      {
        method: 'PATCH',
        url: '/admin/users/00000000-0000-7000-8000-000000000000',
        client: admin,
        valid: { role: 'user' },
        required: [],
        overlong: {},
      },
    ];

    it('names missing fields, wrong types, unknown fields and overlong strings with 400', async () => {
      for (const route of bodyRoutes()) {
        const at = `${route.method} ${route.url}`;
        if (route.required.length > 0) {
          const missing = expectProblem(await send(route.client, route.method, route.url, {}), 400);
          expect({ at, fields: problemFields(missing) }).toEqual({ at, fields: route.required });
        }
        const wrongType = Object.fromEntries(Object.keys(route.valid).map((key) => [key, 12345]));
        const typed = expectProblem(await send(route.client, route.method, route.url, wrongType), 400);
        expect({ at, fields: problemFields(typed) }).toEqual({ at, fields: Object.keys(route.valid).sort() });
        const unknown = expectProblem(
          await send(route.client, route.method, route.url, { ...route.valid, isAdmin: true }),
          400,
        );
        expect({ at, fields: problemFields(unknown) }).toEqual({ at, fields: ['isAdmin'] });
        for (const [field, value] of Object.entries(route.overlong)) {
          const long = expectProblem(
            await send(route.client, route.method, route.url, { ...route.valid, [field]: value }),
            400,
          );
          expect({ at, fields: problemFields(long) }).toEqual({ at, fields: [field] });
        }
      }
    });

    it('answers malformed JSON 400, a non-JSON body 415 and an oversized body 413 on every body route', async () => {
      for (const route of bodyRoutes()) {
        const raw = (payload: string, contentType: string) =>
          route.client.request({
            method: route.method as 'POST',
            url: route.url,
            payload,
            headers: { 'content-type': contentType },
          });
        expectProblem(await raw('{"email": ', 'application/json'), 400, 'malformed-json');
        expectProblem(
          await raw('email=a@b.c', 'application/x-www-form-urlencoded'),
          415,
          'unsupported-media-type',
        );
        expectProblem(await raw('hello', 'text/plain'), 415, 'unsupported-media-type');
        const huge = JSON.stringify({ ...route.valid, padding: 'x'.repeat(20_000) });
        expectProblem(await raw(huge, 'application/json'), 413, 'payload-too-large');
      }
    });

    it('refuses weak passwords and malformed fields, naming them, and stores nothing', async () => {
      const client = anonymous();
      const weak = expectProblem(
        await client.post('/auth/register', {
          email: 'weak@example.com',
          username: 'weakling',
          password: 'short',
        }),
        400,
      );
      expect(problemFields(weak)).toEqual(['password']);
      const bad = expectProblem(
        await client.post('/auth/register', {
          email: 'not-an-email',
          username: '-leading-dash',
          password: PASSWORD,
        }),
        400,
      );
      expect(problemFields(bad)).toEqual(['email', 'username']);
      const weakAdmin = expectProblem(
        await admin.post('/admin/users', { email: 'w2@example.com', username: 'weakling2', password: '123' }),
        400,
      );
      expect(problemFields(weakAdmin)).toEqual(['password']);
      const badProfile = expectProblem(
        await admin.patch('/auth/me', { timeZone: 'Mars/Olympus', locale: '!!', avatarUrl: 'ftp://x' }),
        400,
      );
      expect(problemFields(badProfile)).toEqual(['avatarUrl', 'locale', 'timeZone']);
      const badScopes = expectProblem(await admin.post('/auth/tokens', { name: 'x', scopes: ['root'] }), 400);
      expect(problemFields(badScopes)).toEqual(['scopes.0']);
      const badRole = expectProblem(
        await admin.post('/admin/users', {
          email: 'r@example.com',
          username: 'roleless',
          password: PASSWORD,
          role: 'superuser',
        }),
        400,
      );
      expect(problemFields(badRole)).toEqual(['role']);

      // Nothing was stored: none of these accounts exists, and the admin's profile is unchanged.
      for (const name of ['weakling', 'weakling2', 'roleless', 'valid-name', 'valid-two']) {
        const listed = await admin.get(`/admin/users?query=${name}`);
        expect({ name, items: listed.json<{ items: unknown[] }>().items }).toEqual({ name, items: [] });
      }
      expect((await admin.get('/auth/me')).json()).toMatchObject({ user: { timeZone: 'UTC' } });
      expect(
        (await admin.get('/auth/tokens')).json<{ items: { name: string }[] }>().items,
      ).not.toContainEqual(expect.objectContaining({ name: 'x' }));
    });

    it('validates route parameters and queries, naming them', async () => {
      const checks: [string, string, string[]][] = [
        ['DELETE', '/auth/sessions/not-a-uuid', ['id']],
        ['DELETE', '/auth/tokens/42', ['id']],
        ['PATCH', '/admin/users/nope', ['id']],
        ['GET', '/users?limit=0', ['limit']],
        ['GET', '/users?limit=201', ['limit']],
        ['GET', '/users?limit=ten', ['limit']],
        ['GET', '/users?sort=asc', ['sort']],
        ['GET', `/admin/users?query=${'q'.repeat(101)}`, ['query']],
        ['GET', `/admin/users?cursor=${'c'.repeat(201)}`, ['cursor']],
      ];
      for (const [method, url, fields] of checks) {
        const response: LightMyRequestResponse = await admin.request({
          method: method as 'GET',
          url,
          ...(method === 'PATCH' ? { payload: { role: 'user' } } : {}),
        });
        const at = `${method} ${url}`;
        const problem = expectProblem(response, 400, 'validation-failed');
        expect({ at, fields: problemFields(problem) }).toEqual({ at, fields });
      }
      const page = await admin.get('/users?limit=1');
      expect(page.statusCode).toBe(200);
      expect(page.json<{ items: unknown[] }>().items).toHaveLength(1);
    });
  });

  describe('OpenAPI', () => {
    it('documents every route of API.md with success and problem answers and the auth schemes', async () => {
      const response = await stack.gateway.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json<{
        paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
        components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
      }>();
      const operations = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const expected = [
        'GET /api/v1/auth/registration',
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'GET /api/v1/auth/me',
        'PATCH /api/v1/auth/me',
        'POST /api/v1/auth/password',
        'GET /api/v1/auth/sessions',
        'DELETE /api/v1/auth/sessions',
        'DELETE /api/v1/auth/sessions/{id}',
        'POST /api/v1/auth/tokens',
        'GET /api/v1/auth/tokens',
        'DELETE /api/v1/auth/tokens/{id}',
        'GET /api/v1/users',
        'GET /api/v1/admin/users',
        'POST /api/v1/admin/users',
        'PATCH /api/v1/admin/users/{id}',
      ];
      expect(operations).toEqual(expect.arrayContaining(expected));
      expect(document.components.securitySchemes).toMatchObject({
        cookie: { type: 'apiKey', in: 'cookie', name: 'tracera_session' },
        bearer: { type: 'http' },
      });
      for (const operation of expected) {
        const [method, path] = operation.split(' ');
        const documented = document.paths[path][method.toLowerCase()];
        const success = Object.keys(documented.responses).filter((status) => /^2\d\d$/.test(status));
        expect({ operation, success: success.length }).toEqual({ operation, success: 1 });
        expect(JSON.stringify(documented.responses['4XX'])).toMatch(/problem\+json/);
        const isPublic = /register|registration|login|logout/.test(path);
        expect({ operation, secured: documented.security !== undefined }).toEqual({
          operation,
          secured: !isPublic,
        });
      }
    });
  });
});
