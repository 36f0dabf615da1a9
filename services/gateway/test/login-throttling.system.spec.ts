import { randomBytes } from 'node:crypto';
import { ApiClient, type ApiResponse } from './system/api-client';
import { type AuthStack, newAccount, startAuthStack, type TestAccount } from './system/auth-stack';

/** A documentation address (RFC 5737) no other test sends. */
function freshIp(): string {
  const bytes = randomBytes(2);
  return `203.0.${bytes[0]}.${(bytes[1] % 250) + 1}`;
}

/**
 * Login throttling (ARCHITECTURE §5) against real processes: counted in Redis, so shared by every replica;
 * the client IP is the socket peer unless TRUSTED_PROXIES names the proxy.
 */
describe('login throttling across gateway replicas (real processes)', () => {
  let stack: AuthStack;
  /** Replicas A and B sit behind a trusted proxy on loopback: X-Forwarded-For names the client. */
  let a: string;
  let b: string;
  /** A replica facing clients directly: X-Forwarded-For is whatever the client wrote. */
  let direct: string;

  beforeAll(async () => {
    stack = await startAuthStack({ label: 'login_throttling', gatewayEnv: { TRUSTED_PROXIES: 'loopback' } });
    a = stack.gatewayA.url;
    b = stack.gatewayB.url;
    direct = (await stack.startGateway({ TRUSTED_PROXIES: undefined })).url;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function register(): Promise<TestAccount> {
    const account = newAccount();
    expect((await new ApiClient(a).post('/auth/register', { body: account })).status).toBe(201);
    return account;
  }

  function attempt(base: string, ip: string, login: string, password: string): Promise<ApiResponse> {
    return new ApiClient(base, undefined, { 'x-forwarded-for': ip }).post('/auth/login', {
      body: { login, password },
    });
  }

  function expectThrottled(response: ApiResponse): void {
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
  }

  it('blocks an account after 5 failures spread over A and B, on either replica, even with the right password', async () => {
    const account = await register();
    for (let i = 0; i < 5; i++) {
      // A new address every time, so only the account counter can reach the limit.
      const failed = await attempt(i % 2 ? b : a, freshIp(), account.username, 'wrong password!');
      expect(failed.status).toBe(401);
    }
    expectThrottled(await attempt(a, freshIp(), account.username, account.password));
    // The counter is kept per normalized name as typed: the same name in other case is the same account.
    expectThrottled(await attempt(b, freshIp(), account.username.toUpperCase(), account.password));
    // The account is blocked, not the addresses: someone else signs in.
    const other = await register();
    expect((await attempt(b, freshIp(), other.username, other.password)).status).toBe(200);
  });

  it('blocks an address after 5 failures on different accounts spread over A and B, and trusts X-Forwarded-For from the proxy', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const failed = await attempt(
        i % 2 ? b : a,
        ip,
        `nobody_${randomBytes(4).toString('hex')}`,
        'whatever123',
      );
      expect(failed.status).toBe(401);
    }
    const account = await register();
    expectThrottled(await attempt(b, ip, account.username, account.password));
    expectThrottled(await attempt(a, ip, account.username, account.password));
    // Behind a trusted proxy another forwarded address is another client.
    expect((await attempt(a, freshIp(), account.username, account.password)).status).toBe(200);
  });

  it('resets the account counter on a successful sign-in', async () => {
    const account = await register();
    const failTimes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        expect((await attempt(i % 2 ? a : b, freshIp(), account.username, 'wrong password!')).status).toBe(
          401,
        );
      }
    };
    await failTimes(4);
    expect((await attempt(a, freshIp(), account.username, account.password)).status).toBe(200);
    await failTimes(4);
    expect((await attempt(b, freshIp(), account.username, account.password)).status).toBe(200);
  });

  it('ignores X-Forwarded-For when no proxy is trusted: a spoofed address does not escape the per-IP block', async () => {
    for (let i = 0; i < 5; i++) {
      const failed = await attempt(
        direct,
        freshIp(),
        `nobody_${randomBytes(4).toString('hex')}`,
        'whatever123',
      );
      expect(failed.status).toBe(401);
    }
    const account = await register();
    expectThrottled(await attempt(direct, freshIp(), account.username, account.password));
    expectThrottled(await attempt(direct, freshIp(), account.email, account.password));
  });
});
