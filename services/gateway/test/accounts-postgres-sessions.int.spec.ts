import {
  ApiClient,
  expectProblem,
  type GatewayStack,
  sessionSetCookie,
  startGatewayStack,
} from './gateway-auth.fixture';

const PASSWORD = 'correct horse battery';

/** REDIS_SESSIONS_ENABLED=false: sessions live in Postgres and the gateway asks the auth service to check them. */
describe('accounts with sessions in Postgres', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack({ env: { REDIS_SESSIONS_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('registers, signs in, serves /auth/me by cookie and bearer, and signs out', async () => {
    const client = new ApiClient(stack.gateway, '192.0.2.1');
    const registered = await client.post('/auth/register', {
      email: 'pg@example.com',
      username: 'pg-user',
      password: PASSWORD,
    });
    expect(registered.statusCode).toBe(201);
    const { token, user } = registered.json<{ token: string; user: { id: string } }>();
    expect(sessionSetCookie(registered)).toMatch(new RegExp(`^tracera_session=${token};`));
    client.credential = { cookie: token };
    const me = await client.get('/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: user.id } });
    expect(me.headers['ratelimit-remaining']).toBeDefined();

    const loggedIn = await new ApiClient(stack.gateway, '192.0.2.2').post('/auth/login', {
      login: 'pg-user',
      password: PASSWORD,
    });
    expect(loggedIn.statusCode).toBe(200);
    const bearer = new ApiClient(stack.gateway, '192.0.2.2', {
      bearer: loggedIn.json<{ token: string }>().token,
    });
    expect((await bearer.get('/auth/me')).statusCode).toBe(200);
    const sessions = await client.get('/auth/sessions');
    expect(
      sessions
        .json<{ items: { current: boolean }[] }>()
        .items.map((s) => s.current)
        .sort(),
    ).toEqual([false, true]);

    const loggedOut = await client.post('/auth/logout');
    expect(loggedOut.statusCode).toBe(204);
    expect(sessionSetCookie(loggedOut)).toMatch(/^tracera_session=; Max-Age=0/);
    expectProblem(await client.get('/auth/me'), 401, 'unauthorized');
    expect((await bearer.get('/auth/me')).statusCode).toBe(200);
    expectProblem(
      await new ApiClient(stack.gateway, '192.0.2.3', { bearer: 'x'.repeat(43) }).get('/auth/me'),
      401,
    );
  });
});
