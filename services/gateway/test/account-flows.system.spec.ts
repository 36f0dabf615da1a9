import { ApiClient, type ApiResponse, clearsCookie } from './system/api-client';
import { type AuthStack, newAccount, startAuthStack, type TestAccount } from './system/auth-stack';

interface UserBody {
  user: { id: string; username: string; role: string };
  token: string;
}
interface SessionItem {
  id: string;
  current: boolean;
}

/**
 * Accounts and sessions over HTTP against the built auth service and two gateway replicas: whatever one
 * replica does to a session, the other sees at the very next request.
 */
describe('account flows across two gateway replicas (real processes)', () => {
  let stack: AuthStack;
  let a: string;
  let b: string;
  let admin: ApiClient;

  beforeAll(async () => {
    stack = await startAuthStack({ label: 'account_flows' });
    a = stack.gatewayA.url;
    b = stack.gatewayB.url;
    admin = new ApiClient(a);
    // The first account becomes the admin.
    const registered = await admin.post<UserBody>('/auth/register', { body: newAccount('admin') });
    expect(registered.status).toBe(201);
    expect(registered.body.user.role).toBe('admin');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function register(base: string, account: TestAccount = newAccount()): Promise<ApiClient> {
    const client = new ApiClient(base);
    const response = await client.post<UserBody>('/auth/register', { body: account });
    expect(response.status).toBe(201);
    return client;
  }

  async function login(base: string, account: TestAccount): Promise<{ client: ApiClient; token: string }> {
    const client = new ApiClient(base);
    const response = await client.post<UserBody>('/auth/login', {
      body: { login: account.username, password: account.password },
    });
    expect(response.status).toBe(200);
    return { client, token: response.body.token };
  }

  function expectUnauthorized(response: ApiResponse): void {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401 });
  }

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/ and Secure by default, and clears it at logout', async () => {
    const account = newAccount();
    const client = new ApiClient(a);
    const registered = await client.post<UserBody>('/auth/register', { body: account });
    expect(registered.status).toBe(201);
    expect(registered.body.token).toEqual(expect.any(String));
    expect(registered.setCookies).toHaveLength(1);
    const [cookie] = registered.setCookies;
    expect(cookie.value).toBe(registered.body.token);
    expect(cookie.attributes.get('httponly')).toBe(true);
    expect(String(cookie.attributes.get('samesite')).toLowerCase()).toBe('lax');
    expect(cookie.attributes.get('path')).toBe('/');
    expect(cookie.attributes.get('secure')).toBe(true);

    const loggedIn = await client.post<UserBody & { expiresAt: string }>('/auth/login', {
      body: { login: account.email, password: account.password },
    });
    expect(loggedIn.status).toBe(200);
    expect(Date.parse(loggedIn.body.expiresAt)).toBeGreaterThan(Date.now());
    expect(loggedIn.setCookies[0]).toMatchObject({ name: cookie.name, value: loggedIn.body.token });
    // A new token at every sign-in.
    expect(loggedIn.body.token).not.toBe(registered.body.token);

    const loggedOut = await client.post('/auth/logout');
    expect(loggedOut.status).toBe(204);
    const cleared = loggedOut.setCookies.find((c) => c.name === cookie.name);
    expect(cleared && clearsCookie(cleared)).toBe(true);
  });

  it('accepts on replica B a session created on replica A, by cookie and by bearer token', async () => {
    const account = newAccount();
    const onA = await register(a, account);
    const viaCookieOnB = await onA.on(b).get<UserBody>('/auth/me');
    expect(viaCookieOnB.status).toBe(200);
    expect(viaCookieOnB.body.user).toMatchObject({ username: account.username, role: 'user' });

    const { token } = await login(a, account);
    const viaBearerOnB = await new ApiClient(b).get<UserBody>('/auth/me', { bearer: token });
    expect(viaBearerOnB.status).toBe(200);
    expect(viaBearerOnB.body.user.username).toBe(account.username);

    const sessions = await new ApiClient(b).get<{ items: SessionItem[] }>('/auth/sessions', {
      bearer: token,
    });
    expect(sessions.status).toBe(200);
    expect(sessions.body.items).toHaveLength(2);
    expect(sessions.body.items.filter((s) => s.current)).toHaveLength(1);
  });

  it('refuses on replica A, at the next request, a session revoked on replica B', async () => {
    const account = newAccount();
    const first = await register(a, account);
    expect((await first.get('/auth/me')).status).toBe(200);
    const second = await login(b, account);

    const listed = await second.client.get<{ items: SessionItem[] }>('/auth/sessions');
    const other = listed.body.items.find((s) => !s.current);
    expect(other).toBeDefined();
    expect((await second.client.delete(`/auth/sessions/${other!.id}`)).status).toBe(204);

    expectUnauthorized(await first.get('/auth/me'));
    expect((await second.client.on(a).get('/auth/me')).status).toBe(200);
  });

  it('refuses on replica A a session signed out on replica B', async () => {
    const account = newAccount();
    await register(b, account);
    const { client, token } = await login(a, account);
    expect((await client.get('/auth/me')).status).toBe(200);
    expect((await client.on(b).post('/auth/logout')).status).toBe(204);
    expectUnauthorized(await new ApiClient(a).get('/auth/me', { bearer: token }));
  });

  it('revokes the other sessions on replica B when the password changes on replica A', async () => {
    const account = newAccount();
    const changer = await register(a, account);
    const other = await login(b, account);
    expect((await other.client.get('/auth/me')).status).toBe(200);

    const newPassword = `${account.password} renewed`;
    const changed = await changer.post('/auth/password', {
      body: { currentPassword: account.password, newPassword },
    });
    expect(changed.status).toBe(204);

    expectUnauthorized(await other.client.get('/auth/me'));
    expect((await changer.get('/auth/me')).status).toBe(200);
    expect((await changer.on(b).get('/auth/me')).status).toBe(200);
    const oldPassword = await new ApiClient(b).post('/auth/login', {
      body: { login: account.username, password: account.password },
    });
    expect(oldPassword.status).toBe(401);
    await login(b, { ...account, password: newPassword });
  });

  it('signs out everywhere: every session of the user refused on both replicas', async () => {
    const account = newAccount();
    const first = await register(a, account);
    const second = await login(b, account);
    expect((await first.on(b).delete('/auth/sessions')).status).toBe(204);
    for (const client of [first, first.on(b), second.client, second.client.on(a)]) {
      expectUnauthorized(await client.get('/auth/me'));
    }
  });

  it("answers 404 to another user's sessions and tokens, 403 to a non-admin on admin routes and to a token on session routes", async () => {
    const owner = await register(a);
    const stranger = await register(b);
    const sessions = await owner.get<{ items: SessionItem[] }>('/auth/sessions');
    const created = await owner.post<{ token: { id: string }; secret: string }>('/auth/tokens', {
      body: { name: 'ci', scopes: ['read', 'write'] },
    });
    expect(created.status).toBe(201);

    expect((await stranger.delete(`/auth/sessions/${sessions.body.items[0].id}`)).status).toBe(404);
    expect((await stranger.on(a).delete(`/auth/tokens/${created.body.token.id}`)).status).toBe(404);
    expect((await owner.get('/auth/me')).status).toBe(200);
    const tokens = await owner.on(b).get<{ items: { id: string }[] }>('/auth/tokens');
    expect(tokens.body.items.map((token) => token.id)).toEqual([created.body.token.id]);

    expect((await stranger.get('/admin/users')).status).toBe(403);
    expect((await new ApiClient(b).get('/auth/sessions', { bearer: created.body.secret })).status).toBe(403);
  });

  it("stops a disabled user's session and API token on both replicas", async () => {
    const account = newAccount();
    const user = await register(a, account);
    const me = await user.get<UserBody>('/auth/me');
    const created = await user
      .on(b)
      .post<{ token: { id: string; scopes: string[] }; secret: string }>('/auth/tokens', {
        body: { name: 'script', scopes: ['read'] },
      });
    expect(created.status).toBe(201);
    const { secret } = created.body;
    for (const base of [a, b]) {
      expect((await new ApiClient(base).get('/auth/me', { bearer: secret })).status).toBe(200);
      expect((await user.on(base).get('/auth/me')).status).toBe(200);
    }

    const disabled = await admin.on(b).patch(`/admin/users/${me.body.user.id}`, { body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ user: { id: me.body.user.id, disabled: true } });

    for (const base of [a, b]) {
      expectUnauthorized(await new ApiClient(base).get('/auth/me', { bearer: secret }));
      expectUnauthorized(await user.on(base).get('/auth/me'));
    }
    const relogin = await new ApiClient(a).post('/auth/login', {
      body: { login: account.username, password: account.password },
    });
    // Refused either way; which of the two is the auth service's choice.
    expect([401, 403]).toContain(relogin.status);
  });
});
