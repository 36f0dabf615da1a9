import { ApiClient } from './system/api-client';
import { type AuthStack, newAccount, startAuthStack } from './system/auth-stack';

const IDLE_MS = 2000;
const MAX_AGE_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Session expiry with a short configuration, across replicas: use on one replica slides the idle timeout
 * the other sees, and the absolute cap ends even a busy session.
 */
describe('session idle timeout and absolute cap across replicas (real processes)', () => {
  let stack: AuthStack;

  beforeAll(async () => {
    stack = await startAuthStack({
      label: 'session_expiry',
      env: { AUTH_SESSION_IDLE_TIMEOUT: `${IDLE_MS}ms`, AUTH_SESSION_MAX_AGE: `${MAX_AGE_MS}ms` },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function signIn(): Promise<string> {
    const response = await new ApiClient(stack.gatewayA.url).post<{ token: string }>('/auth/register', {
      body: newAccount(),
    });
    expect(response.status).toBe(201);
    return response.body.token;
  }

  const me = (base: string, token: string) => new ApiClient(base).get('/auth/me', { bearer: token });

  it('ends a session left idle longer than the idle timeout', async () => {
    const token = await signIn();
    expect((await me(stack.gatewayA.url, token)).status).toBe(200);
    await sleep(IDLE_MS + 700);
    expect((await me(stack.gatewayB.url, token)).status).toBe(401);
  });

  it('keeps a session used on alternate replicas alive past the idle timeout, until its absolute cap', async () => {
    const started = Date.now();
    const token = await signIn();
    const statuses: [number, number][] = [];
    let n = 0;
    while (Date.now() - started < MAX_AGE_MS + 2000) {
      const base = n++ % 2 ? stack.gatewayB.url : stack.gatewayA.url;
      const status = (await me(base, token)).status;
      statuses.push([Date.now() - started, status]);
      if (status === 401) break;
      await sleep(IDLE_MS / 3);
    }
    // Well past the idle timeout it still worked, because every use slid it.
    expect(statuses.filter(([at]) => at < MAX_AGE_MS - 700).every(([, status]) => status === 200)).toBe(true);
    expect(statuses.some(([at, status]) => at > IDLE_MS * 1.5 && status === 200)).toBe(true);
    const [endedAt, lastStatus] = statuses[statuses.length - 1];
    expect(lastStatus).toBe(401);
    expect(endedAt).toBeGreaterThanOrEqual(MAX_AGE_MS - 700);
  });
});
