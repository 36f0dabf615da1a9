import { authRpc } from '@tracera/contracts';
import { hashSecret } from '@tracera/sessions';
import Redis from 'ioredis';
import { sharedInfra } from '@tracera/testing';
import { AuthTestBed, loginOf, migratedAuthDatabase, newAccount } from './auth-test-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The same session behaviour whichever store holds them: Redis (default) or Postgres. */
describe.each([
  ['Redis', 'true'],
  ['Postgres', 'false'],
])('auth service: sessions in %s', (store, redisSessions) => {
  let bed: AuthTestBed;
  const redis = new Redis({ port: sharedInfra().redisPort, lazyConnect: true });

  beforeAll(async () => {
    bed = await AuthTestBed.start(await migratedAuthDatabase(`auth_sessions_${store}`), {
      REDIS_SESSIONS_ENABLED: redisSessions,
    });
  });

  afterAll(async () => {
    await bed?.close();
    redis.disconnect();
  });

  async function signedInTwice() {
    const account = newAccount();
    const first = await bed.call(authRpc.register, account);
    const second = await bed.call(authRpc.login, { ...loginOf(account), userAgent: 'second device' });
    return { account, userId: first.user.id, first: first.session, second: second.session };
  }

  it('keeps only the hash of the token', async () => {
    const { session } = await bed.call(authRpc.register, newAccount());
    if (store === 'Postgres') {
      const rows = await bed.query<{ token_hash: string }>(
        'SELECT token_hash FROM auth.sessions WHERE id = $1',
        [session.sessionId],
      );
      expect(rows).toEqual([{ token_hash: hashSecret(session.token) }]);
    } else {
      expect(await redis.exists(`${bed.prefix}s:${hashSecret(session.token)}`)).toBe(1);
      expect(await redis.exists(`${bed.prefix}s:${session.token}`)).toBe(0);
      expect(await bed.query('SELECT id FROM auth.sessions')).toEqual([]);
    }
  });

  it('authenticates a live session and refuses an unknown token', async () => {
    const { userId, first } = await signedInTwice();
    const answer = await bed.call(authRpc.authenticateSession, { token: first.token });
    expect(answer.principal).toEqual({ userId, role: 'user', sessionId: first.sessionId });
    expect(new Date(answer.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const unknown = await bed.failure(authRpc.authenticateSession, { token: 'A'.repeat(43) });
    expect(unknown.code).toBe('UNAUTHENTICATED');
  });

  it('lists the sessions newest first with the current one marked', async () => {
    const { userId, first, second } = await signedInTwice();
    const { items } = await bed.call(authRpc.listSessions, { userId, currentSessionId: first.sessionId });
    expect(items.map((item) => [item.id, item.current])).toEqual([
      [second.sessionId, false],
      [first.sessionId, true],
    ]);
    expect(items[0]).toMatchObject({ userAgent: 'second device', ip: '203.0.113.7' });
    for (const item of items) {
      expect(Date.parse(item.expiresAt)).toBeGreaterThan(Date.parse(item.lastActiveAt));
      expect(Date.parse(item.createdAt)).toBeLessThanOrEqual(Date.parse(item.lastActiveAt));
    }
  });

  it("revokes one session; another user's or an unknown one is NOT_FOUND", async () => {
    const alice = await signedInTwice();
    const bob = await signedInTwice();
    await bed.call(authRpc.revokeSession, {
      userId: alice.userId,
      sessionId: alice.second.sessionId,
      reason: 'revoked',
    });
    expect((await bed.failure(authRpc.authenticateSession, { token: alice.second.token })).code).toBe(
      'UNAUTHENTICATED',
    );
    await bed.call(authRpc.authenticateSession, { token: alice.first.token });

    for (const sessionId of [bob.first.sessionId, alice.second.sessionId, 'not-a-session']) {
      const error = await bed.failure(authRpc.revokeSession, {
        userId: alice.userId,
        sessionId,
        reason: 'revoked',
      });
      expect(error.code).toBe('NOT_FOUND');
    }
    await bed.call(authRpc.authenticateSession, { token: bob.first.token });
    const revoked = await bed.query<{ data: unknown }>(
      `SELECT data FROM auth.outbox WHERE type = 'session.revoked' AND data->>'userId' = $1`,
      [alice.userId],
    );
    expect(revoked).toEqual([
      { data: { userId: alice.userId, sessionIds: [alice.second.sessionId], reason: 'revoked' } },
    ]);
  });

  it('signs out everywhere, the current session included', async () => {
    const { userId, first, second } = await signedInTwice();
    expect(await bed.call(authRpc.revokeAllSessions, { userId })).toEqual({ revoked: 2 });
    for (const token of [first.token, second.token]) {
      expect((await bed.failure(authRpc.authenticateSession, { token })).code).toBe('UNAUTHENTICATED');
    }
    expect((await bed.call(authRpc.listSessions, { userId })).items).toEqual([]);
    const [event] = await bed.query<{ data: { sessionIds: string[]; reason: string } }>(
      `SELECT data FROM auth.outbox WHERE type = 'session.revoked' AND data->>'userId' = $1`,
      [userId],
    );
    expect(event.data.reason).toBe('signed_out_everywhere');
    expect([...event.data.sessionIds].sort()).toEqual([first.sessionId, second.sessionId].sort());
  });

  it('refuses the session of a disabled user', async () => {
    const { userId, first } = await signedInTwice();
    await bed.query('UPDATE auth.users SET disabled_at = now() WHERE id = $1', [userId]);
    expect((await bed.failure(authRpc.authenticateSession, { token: first.token })).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('ends a session left idle, and an active one at its absolute cap', async () => {
    const short = await AuthTestBed.start(bed.databaseUrl, {
      REDIS_SESSIONS_ENABLED: redisSessions,
      AUTH_SESSION_IDLE_TIMEOUT: '800ms',
      AUTH_SESSION_MAX_AGE: '2s',
    });
    try {
      const account = newAccount();
      const idle = (await short.call(authRpc.register, account)).session;
      const active = (await short.call(authRpc.login, loginOf(account))).session;
      const started = Date.now();
      // Touching every 300 ms keeps `active` alive past the idle timeout, until the 2 s cap.
      while (Date.now() - started < 1500) {
        await short.call(authRpc.authenticateSession, { token: active.token });
        await sleep(300);
      }
      expect((await short.failure(authRpc.authenticateSession, { token: idle.token })).code).toBe(
        'UNAUTHENTICATED',
      );
      await sleep(Math.max(0, started + 2100 - Date.now()));
      expect((await short.failure(authRpc.authenticateSession, { token: active.token })).code).toBe(
        'UNAUTHENTICATED',
      );
    } finally {
      await short.close();
    }
  });
});
