import { randomUUID } from 'node:crypto';
import { type Role } from '@tracera/contracts';
import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { RedisSessionStore } from '@tracera/sessions';
import { startThrowawayRedis } from '@tracera/testing';
import { TestAuthController } from './auth-test-controllers';
import { ApiClient, expectProblem, type GatewayStack, startGatewayStack } from './gateway-auth.fixture';

/**
 * The gateway's global guards against real Redis, with sessions made directly in the session store (the
 * auth service is not needed for session tokens) and test-only routes.
 */
describe('gateway authentication and rate-limit guards', () => {
  let stack: GatewayStack;
  let store: RedisSessionStore;
  let nextAddress = 10;
  /** A fresh client address, so per-IP counts of one test do not leak into another. */
  const freshAddress = () => `198.51.100.${nextAddress++}`;

  const signedIn = async (role: Role = 'user') => {
    const userId = randomUUID();
    const { record, token } = await store.create({ userId, role, ip: null, userAgent: null });
    return { userId, sessionId: record.id, token };
  };

  beforeAll(async () => {
    stack = await startGatewayStack({
      withAuth: false,
      controllers: [TestAuthController],
      env: { RATE_LIMIT_API: '5/1m', RATE_LIMIT_SEARCH: '2/1m' },
    });
    store = stack.gateway.get(RedisSessionStore);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('authenticates a session by cookie and by bearer token and puts the principal on the request', async () => {
    const { userId, sessionId, token } = await signedIn();
    for (const credential of [{ cookie: token }, { bearer: token }]) {
      const response = await new ApiClient(stack.gateway, freshAddress(), credential).get(
        '/test-auth/whoami',
      );
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ userId, role: 'user', sessionId });
    }
  });

  it('prefers the Authorization header over the cookie', async () => {
    const cookieUser = await signedIn();
    const bearerUser = await signedIn();
    const response = await stack.gateway.inject({
      method: 'GET',
      url: '/api/v1/test-auth/whoami',
      headers: { cookie: `tracera_session=${cookieUser.token}`, authorization: `Bearer ${bearerUser.token}` },
    });
    expect(response.json()).toMatchObject({ userId: bearerUser.userId });
  });

  it('answers 401 without a credential or with an unknown one, and serves @Public() routes anonymously', async () => {
    const anonymous = new ApiClient(stack.gateway, freshAddress());
    expectProblem(await anonymous.get('/test-auth/whoami'), 401, 'unauthorized');
    for (const bogus of ['not-a-token', 'A'.repeat(43), `trp_${'B'.repeat(43)}`.slice(0, 20)]) {
      const client = new ApiClient(stack.gateway, freshAddress(), { bearer: bogus });
      expectProblem(await client.get('/test-auth/whoami'), 401, 'unauthorized');
      const open = await client.get('/test-auth/public');
      expect(open.statusCode).toBe(200);
      expect(open.json()).toEqual({ principal: null });
    }
    const { token, userId } = await signedIn();
    const known = await new ApiClient(stack.gateway, freshAddress(), { cookie: token }).get(
      '/test-auth/public',
    );
    expect(known.json()).toMatchObject({ principal: { userId } });
  });

  it('refuses a revoked session at the next request', async () => {
    const { userId, sessionId, token } = await signedIn();
    const client = new ApiClient(stack.gateway, freshAddress(), { cookie: token });
    expect((await client.get('/test-auth/whoami')).statusCode).toBe(200);
    await store.revoke(userId, sessionId);
    expectProblem(await client.get('/test-auth/whoami'), 401, 'unauthorized');
  });

  it('gives @Roles("admin") routes to admins only (403 otherwise)', async () => {
    const user = await signedIn('user');
    const admin = await signedIn('admin');
    const problem = expectProblem(
      await new ApiClient(stack.gateway, freshAddress(), { bearer: user.token }).get('/test-auth/admin'),
      403,
      'forbidden',
    );
    expect(problem.detail).toMatch(/admin/);
    const allowed = await new ApiClient(stack.gateway, freshAddress(), { bearer: admin.token }).get(
      '/test-auth/admin',
    );
    expect(allowed.statusCode).toBe(200);
  });

  it('sends RateLimit-* headers on every answer and 429 with Retry-After after RATE_LIMIT_API per user', async () => {
    const { token } = await signedIn();
    const client = new ApiClient(stack.gateway, freshAddress(), { bearer: token });
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await client.get('/test-auth/whoami');
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-limit']).toBe('5');
      expect(response.headers['ratelimit-policy']).toBe('5;w=60');
      expect(Number(response.headers['ratelimit-reset'])).toBeGreaterThan(0);
      remaining.push(String(response.headers['ratelimit-remaining']));
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const refused = await client.get('/test-auth/whoami');
    const problem = expectProblem(refused, 429, 'rate-limited');
    expect(problem.detail).toMatch(/try again/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    // Counted per user: the same client address with another user's session is still served.
    const other = await signedIn();
    const otherClient = new ApiClient(stack.gateway, client.remoteAddress, { bearer: other.token });
    expect((await otherClient.get('/test-auth/whoami')).statusCode).toBe(200);
  });

  it('counts unauthenticated requests per client IP, public routes and 401s alike', async () => {
    const client = new ApiClient(stack.gateway, freshAddress());
    for (let i = 0; i < 3; i++) expect((await client.get('/test-auth/public')).statusCode).toBe(200);
    const unauthorized = await client.get('/test-auth/whoami');
    expectProblem(unauthorized, 401);
    expect(unauthorized.headers['ratelimit-remaining']).toBe('1');
    expect((await client.get('/test-auth/public')).statusCode).toBe(200);
    expectProblem(await client.get('/test-auth/public'), 429, 'rate-limited');
    expect((await new ApiClient(stack.gateway, freshAddress()).get('/test-auth/public')).statusCode).toBe(
      200,
    );
  });

  it('adds the @RateLimited() class limit on top of the general one', async () => {
    const { token } = await signedIn();
    const client = new ApiClient(stack.gateway, freshAddress(), { bearer: token });
    for (let i = 0; i < 2; i++) {
      const response = await client.get('/test-auth/search');
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-policy']).toBe('2;w=60');
    }
    const refused = expectProblem(await client.get('/test-auth/search'), 429, 'rate-limited');
    expect(refused.detail).toMatch(/search/);
    // The general limit still has room for other routes.
    expect((await client.get('/test-auth/whoami')).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const spoofer = freshAddress();
    for (let i = 0; i < 5; i++) {
      const response = await stack.gateway.inject({
        method: 'GET',
        url: '/api/v1/test-auth/public',
        remoteAddress: spoofer,
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      expect(response.statusCode).toBe(200);
    }
    const refused = await stack.gateway.inject({
      method: 'GET',
      url: '/api/v1/test-auth/public',
      remoteAddress: spoofer,
      headers: { 'x-forwarded-for': '203.0.113.99' },
    });
    expectProblem(refused, 429, 'rate-limited');
  });
});

describe('gateway behind a trusted proxy', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack({
      withAuth: false,
      controllers: [TestAuthController],
      env: { RATE_LIMIT_API: '5/1m', TRUSTED_PROXIES: 'loopback' },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('counts each forwarded client separately when the peer is a trusted proxy', async () => {
    const port = (stack.gateway.getHttpServer().address() as { port: number }).port;
    const get = (forwardedFor: string) =>
      fetch(`http://127.0.0.1:${port}/api/v1/test-auth/public`, {
        headers: { 'x-forwarded-for': forwardedFor },
      });
    for (let i = 0; i < 5; i++) expect((await get('203.0.113.50')).status).toBe(200);
    const blocked = await get('203.0.113.50');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client behind the same proxy has its own count.
    expect((await get('203.0.113.51')).status).toBe(200);
  });
});

describe('session expiry', () => {
  let stack: GatewayStack;
  let store: RedisSessionStore;

  beforeAll(async () => {
    stack = await startGatewayStack({
      withAuth: false,
      controllers: [TestAuthController],
      env: { AUTH_SESSION_IDLE_TIMEOUT: '1s', AUTH_SESSION_MAX_AGE: '3s' },
    });
    store = stack.gateway.get(RedisSessionStore);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('ends a session left idle longer than AUTH_SESSION_IDLE_TIMEOUT', async () => {
    const { token } = await store.create({ userId: randomUUID(), role: 'user', ip: null, userAgent: null });
    const client = new ApiClient(stack.gateway, '127.0.0.1', { bearer: token });
    expect((await client.get('/test-auth/whoami')).statusCode).toBe(200);
    await sleep(600);
    expect((await client.get('/test-auth/whoami')).statusCode).toBe(200);
    await sleep(1300);
    expectProblem(await client.get('/test-auth/whoami'), 401, 'unauthorized');
  });

  it('ends an active session at AUTH_SESSION_MAX_AGE however busy it is', async () => {
    const started = Date.now();
    const { token } = await store.create({ userId: randomUUID(), role: 'user', ip: null, userAgent: null });
    const client = new ApiClient(stack.gateway, '127.0.0.1', { bearer: token });
    while (Date.now() - started < 2500) {
      expect((await client.get('/test-auth/whoami')).statusCode).toBe(200);
      await sleep(400);
    }
    await sleep(Math.max(0, 3200 - (Date.now() - started)));
    expectProblem(await client.get('/test-auth/whoami'), 401, 'unauthorized');
  });
});

describe('sessions with Redis stopped', () => {
  let redis: EmbeddedRedis;
  let stack: GatewayStack;

  beforeAll(async () => {
    redis = await startThrowawayRedis({ persistence: true });
    stack = await startGatewayStack({
      withAuth: false,
      controllers: [TestAuthController],
      env: { REDIS_ADDR: redis.address },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it('fails closed with a 503 problem and serves again once Redis is back, without a restart', async () => {
    const store = stack.gateway.get(RedisSessionStore);
    const { token } = await store.create({ userId: randomUUID(), role: 'user', ip: null, userAgent: null });
    const client = new ApiClient(stack.gateway, '127.0.0.1', { bearer: token });
    expect((await client.get('/test-auth/whoami')).statusCode).toBe(200);

    await redis.stop();
    const refused = await client.get('/test-auth/whoami');
    const problem = expectProblem(refused, 503, 'service-unavailable');
    expect(problem.detail).toMatch(/session/i);
    // Anonymous requests to public routes keep working on the per-instance rate-limit fallback.
    expect((await new ApiClient(stack.gateway).get('/test-auth/public')).statusCode).toBe(200);

    await redis.start();
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 15_000) {
      status = (await client.get('/test-auth/whoami')).statusCode;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  });
});
