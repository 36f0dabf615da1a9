import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { startThrowawayRedis, waitFor } from '@tracera/testing';
import { ApiClient, type ApiResponse } from './system/api-client';
import { type AuthStack, newAccount, startAuthStack, type TestAccount } from './system/auth-stack';

/**
 * Sessions fail closed: with Redis gone, sign-in and authenticated requests answer 503 problems on every
 * replica and readiness names Redis; when it returns, the same processes serve again.
 */
describe('auth with Redis stopped and restarted (real processes)', () => {
  let redis: EmbeddedRedis;
  let stack: AuthStack;
  let account: TestAccount;
  let token: string;
  /** The session cookie as the gateway set it at registration. */
  let cookie: string;
  let pids: (number | undefined)[];

  beforeAll(async () => {
    // Persistence keeps the sessions across the restart, as a production Redis would.
    redis = await startThrowawayRedis({ persistence: true });
    stack = await startAuthStack({
      label: 'auth_faults',
      redisAddress: redis.address,
      env: { REDIS_DIAL_TIMEOUT: '1s', REDIS_READ_TIMEOUT: '1s', HEALTH_CHECK_TIMEOUT: '500ms' },
    });
    pids = [stack.auth, stack.gatewayA, stack.gatewayB].map((proc) => proc.pid);
    account = newAccount();
    const registered = await new ApiClient(stack.gatewayA.url).post<{ token: string }>('/auth/register', {
      body: account,
    });
    expect(registered.status).toBe(201);
    token = registered.body.token;
    cookie = `${registered.setCookies[0].name}=${registered.setCookies[0].value}`;
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  function signIn(base: string): Promise<ApiResponse<{ token: string }>> {
    return new ApiClient(base).post('/auth/login', {
      body: { login: account.username, password: account.password },
    });
  }

  function expectUnavailable(response: ApiResponse): void {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 503 });
    expect(response.body.type).toMatch(/service-unavailable$/);
    expect(response.text).not.toMatch(/\n\s+at /);
  }

  it('answers 503 problems to sign-in and authenticated requests on both replicas and reports Redis not ready', async () => {
    const a = stack.gatewayA.url;
    const b = stack.gatewayB.url;
    expect((await new ApiClient(b).get('/auth/me', { bearer: token })).status).toBe(200);

    await redis.stop();
    await waitFor(async () => (await signIn(a)).status === 503, {
      timeoutMs: 15_000,
      description: 'sign-in answering 503 with Redis stopped',
      diagnostics: () => stack.gatewayA.logs.slice(-3000),
    });
    expectUnavailable(await signIn(a));
    expectUnavailable(await signIn(b));
    for (const base of [a, b]) {
      expectUnavailable(await new ApiClient(base).get('/auth/me', { bearer: token }));
      expectUnavailable(await new ApiClient(base).get('/auth/me', { headers: { cookie } }));
    }
    for (const gateway of [stack.gatewayA, stack.gatewayB]) {
      await waitFor(async () => (await gateway.health('ready')).status === 503, {
        timeoutMs: 5000,
        description: 'gateway readiness 503',
      });
      expect((await gateway.health('ready')).body).toMatchObject({ error: { redis: { status: 'down' } } });
    }
  });

  it('serves again when Redis returns, without restarting anything', async () => {
    await redis.start();
    for (const proc of [stack.auth, stack.gatewayA, stack.gatewayB]) {
      await waitFor(async () => (await proc.health('ready')).status === 200, {
        timeoutMs: 20_000,
        description: `${proc.service} ready again`,
      });
    }
    await waitFor(async () => (await signIn(stack.gatewayB.url)).status === 200, {
      timeoutMs: 15_000,
      description: 'sign-in working again',
      diagnostics: () => stack.gatewayB.logs.slice(-3000),
    });
    const fresh = await signIn(stack.gatewayB.url);
    expect(fresh.status).toBe(200);
    expect(
      (await new ApiClient(stack.gatewayA.url).get('/auth/me', { bearer: fresh.body.token })).status,
    ).toBe(200);
    // The session from before the outage survived in Redis and is honoured again.
    expect((await new ApiClient(stack.gatewayA.url).get('/auth/me', { bearer: token })).status).toBe(200);
    expect([stack.auth, stack.gatewayA, stack.gatewayB].map((proc) => proc.pid)).toEqual(pids);
    expect([stack.auth, stack.gatewayA, stack.gatewayB].some((proc) => proc.exited)).toBe(false);
  });
});
