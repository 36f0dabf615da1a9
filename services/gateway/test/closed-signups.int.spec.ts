import { ApiClient, expectProblem, type GatewayStack, startGatewayStack } from './gateway-auth.fixture';

const PASSWORD = 'correct horse battery';

/** DISABLE_SIGNUPS=true through the real gateway and auth service: only the first user and admins create accounts. */
describe('closed sign-ups', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack({ env: { DISABLE_SIGNUPS: 'true', RATE_LIMIT_API: '1000/1m' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const account = (name: string) => ({ email: `${name}@example.com`, username: name, password: PASSWORD });

  it('reports the first run, lets the first user register as admin, then reports and enforces closed sign-ups', async () => {
    const registration = () => new ApiClient(stack.gateway, '192.0.2.9').get('/auth/registration');
    const firstRun = await registration();
    expect(firstRun.statusCode).toBe(200);
    expect(firstRun.json()).toEqual({ open: true, firstRun: true });

    const first = await new ApiClient(stack.gateway, '192.0.2.10').post('/auth/register', account('founder'));
    expect(first.statusCode).toBe(201);
    const { token, user } = first.json<{ token: string; user: { role: string } }>();
    expect(user.role).toBe('admin');
    expect((await registration()).json()).toEqual({ open: false, firstRun: false });

    const refused = await new ApiClient(stack.gateway, '192.0.2.11').post(
      '/auth/register',
      account('latecomer'),
    );
    expectProblem(refused, 403, 'forbidden');
    expect(refused.headers['set-cookie']).toBeUndefined();

    const admin = new ApiClient(stack.gateway, '192.0.2.10', { bearer: token });
    const listed = await admin.get('/admin/users?query=latecomer');
    expect(listed.json()).toMatchObject({ items: [] });
    expectProblem(
      await new ApiClient(stack.gateway, '192.0.2.12').post('/auth/login', {
        login: 'latecomer',
        password: PASSWORD,
      }),
      401,
    );
  });

  it('still lets an admin create accounts, which can then sign in', async () => {
    const founder = await new ApiClient(stack.gateway, '192.0.2.13').post('/auth/login', {
      login: 'founder',
      password: PASSWORD,
    });
    const admin = new ApiClient(stack.gateway, '192.0.2.13', {
      bearer: founder.json<{ token: string }>().token,
    });
    const created = await admin.post('/admin/users', account('invited'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ user: { username: 'invited', role: 'user', disabled: false } });
    const signedIn = await new ApiClient(stack.gateway, '192.0.2.14').post('/auth/login', {
      login: 'invited@example.com',
      password: PASSWORD,
    });
    expect(signedIn.statusCode).toBe(200);
  });
});
