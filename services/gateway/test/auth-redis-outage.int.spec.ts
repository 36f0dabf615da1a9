import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { startThrowawayRedis, waitFor } from '@tracera/testing';
import { ApiClient, expectProblem, type GatewayStack, startGatewayStack } from './gateway-auth.fixture';

const PASSWORD = 'correct horse battery';

/** The gateway and the auth service on a Redis of their own, which the test stops and starts again. */
describe('accounts with Redis stopped', () => {
  let redis: EmbeddedRedis;
  let stack: GatewayStack;

  beforeAll(async () => {
    redis = await startThrowawayRedis({ persistence: true });
    stack = await startGatewayStack({ env: { REDIS_ADDR: redis.address } });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  const login = (client: ApiClient) => client.post('/auth/login', { login: 'outage', password: PASSWORD });

  it('answers 503 problems to sign-in and authenticated calls, and recovers without a restart', async () => {
    const client = new ApiClient(stack.gateway, '192.0.2.1');
    const registered = await client.post('/auth/register', {
      email: 'outage@example.com',
      username: 'outage',
      password: PASSWORD,
    });
    expect(registered.statusCode).toBe(201);
    client.credential = { bearer: registered.json<{ token: string }>().token };
    expect((await client.get('/auth/me')).statusCode).toBe(200);

    await redis.stop();
    const me = expectProblem(await client.get('/auth/me'), 503, 'service-unavailable');
    expect(me.detail).toMatch(/session/i);
    const signIn = expectProblem(
      await login(new ApiClient(stack.gateway, '192.0.2.2')),
      503,
      'service-unavailable',
    );
    expect(signIn.detail).toMatch(/unavailable/);

    await redis.start();
    await waitFor(async () => (await client.get('/auth/me')).statusCode === 200, {
      timeoutMs: 20_000,
      description: 'the session to be accepted again',
    });
    await waitFor(async () => (await login(new ApiClient(stack.gateway, '192.0.2.3'))).statusCode === 200, {
      timeoutMs: 20_000,
      description: 'sign-in to work again',
    });
  });
});
