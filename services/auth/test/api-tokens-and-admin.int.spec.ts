import { authRpc } from '@tracera/contracts';
import { hashSecret } from '@tracera/sessions';
import { AuthTestBed, loginOf, migratedAuthDatabase, newAccount } from './auth-test-harness';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('auth service: personal API tokens and admin user management', () => {
  let bed: AuthTestBed;
  let adminId: string;

  beforeAll(async () => {
    bed = await AuthTestBed.start(await migratedAuthDatabase('auth_tokens_admin'));
    adminId = (await bed.call(authRpc.register, newAccount('admin'))).user.id;
  });

  afterAll(async () => {
    await bed?.close();
  });

  async function registered() {
    const account = newAccount();
    const { user, session } = await bed.call(authRpc.register, account);
    return { account, user, session };
  }

  describe('API tokens', () => {
    it('shows the secret once, stores only its hash, and authenticates it with its scopes', async () => {
      const { user } = await registered();
      const expiresAt = new Date(Date.now() + 30 * DAY_MS).toISOString();
      const created = await bed.call(authRpc.createToken, {
        userId: user.id,
        name: ' ci script ',
        scopes: ['read', 'write', 'read'],
        expiresAt,
      });
      expect(created.secret).toMatch(/^trp_[A-Za-z0-9_-]{43}$/);
      expect(created.token).toMatchObject({
        name: 'ci script',
        scopes: ['read', 'write'],
        expiresAt,
        lastUsedAt: null,
      });

      const rows = await bed.query<{ token_hash: string; scopes: string[] }>(
        'SELECT token_hash, scopes FROM auth.api_tokens WHERE user_id = $1',
        [user.id],
      );
      expect(rows).toEqual([{ token_hash: hashSecret(created.secret), scopes: ['read', 'write'] }]);
      const listed = await bed.call(authRpc.listTokens, { userId: user.id });
      expect(JSON.stringify(listed)).not.toContain(created.secret);

      const { principal } = await bed.call(authRpc.authenticateToken, { secret: created.secret });
      expect(principal).toEqual({
        userId: user.id,
        role: 'user',
        tokenId: created.token.id,
        scopes: ['read', 'write'],
      });
      const [afterUse] = (await bed.call(authRpc.listTokens, { userId: user.id })).items;
      expect(afterUse.lastUsedAt).not.toBeNull();
    });

    it.each([
      ['in the past', -DAY_MS, 'must be in the future'],
      ['more than a year ahead', 367 * DAY_MS, 'must be at most one year from now'],
    ])('refuses an expiry %s with VALIDATION on expiresAt', async (_label, offsetMs, message) => {
      const { user } = await registered();
      const error = await bed.failure(authRpc.createToken, {
        userId: user.id,
        name: 'bad',
        scopes: ['read'],
        expiresAt: new Date(Date.now() + offsetMs).toISOString(),
      });
      expect(error.code).toBe('VALIDATION');
      expect(error.details).toEqual({ errors: [{ field: 'expiresAt', message }] });
      expect(await bed.query('SELECT id FROM auth.api_tokens WHERE user_id = $1', [user.id])).toEqual([]);
    });

    it('refuses an expired token, an unknown secret and a malformed one', async () => {
      const { user } = await registered();
      const { secret, token } = await bed.call(authRpc.createToken, {
        userId: user.id,
        name: 'soon',
        scopes: ['read'],
      });
      await bed.query(`UPDATE auth.api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        token.id,
      ]);
      for (const candidate of [secret, `trp_${'A'.repeat(43)}`, 'not-a-token']) {
        expect((await bed.failure(authRpc.authenticateToken, { secret: candidate })).code).toBe(
          'UNAUTHENTICATED',
        );
      }
    });

    it("revokes a token; another user's token is NOT_FOUND and stays usable", async () => {
      const alice = await registered();
      const bob = await registered();
      const mine = await bed.call(authRpc.createToken, {
        userId: alice.user.id,
        name: 'a',
        scopes: ['read'],
      });
      const theirs = await bed.call(authRpc.createToken, {
        userId: bob.user.id,
        name: 'b',
        scopes: ['write'],
      });

      const foreign = await bed.failure(authRpc.revokeToken, {
        userId: alice.user.id,
        tokenId: theirs.token.id,
      });
      expect(foreign.code).toBe('NOT_FOUND');
      await bed.call(authRpc.authenticateToken, { secret: theirs.secret });

      await bed.call(authRpc.revokeToken, { userId: alice.user.id, tokenId: mine.token.id });
      expect((await bed.failure(authRpc.authenticateToken, { secret: mine.secret })).code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await bed.call(authRpc.listTokens, { userId: alice.user.id })).items).toEqual([]);
      expect(
        (await bed.failure(authRpc.revokeToken, { userId: alice.user.id, tokenId: mine.token.id })).code,
      ).toBe('NOT_FOUND');
    });
  });

  describe('admin', () => {
    it('refuses every admin RPC to a non-admin with FORBIDDEN', async () => {
      const { user } = await registered();
      const { email, username, password } = newAccount();
      const errors = await Promise.all([
        bed.failure(authRpc.adminListUsers, { actorId: user.id, limit: 10 }),
        bed.failure(authRpc.adminCreateUser, { actorId: user.id, email, username, password }),
        bed.failure(authRpc.adminUpdateUser, { actorId: user.id, userId: user.id, role: 'admin' }),
      ]);
      expect(errors.map((error) => error.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      const [row] = await bed.query<{ role: string }>('SELECT role FROM auth.users WHERE id = $1', [user.id]);
      expect(row.role).toBe('user');
      expect(await bed.query('SELECT id FROM auth.users WHERE username = $1', [username])).toEqual([]);
    });

    it('creates a user with a role and lists users with a cursor', async () => {
      const account = newAccount('made');
      const { user } = await bed.call(authRpc.adminCreateUser, {
        actorId: adminId,
        email: account.email,
        username: account.username,
        password: account.password,
        role: 'admin',
      });
      expect(user).toMatchObject({
        username: account.username,
        role: 'admin',
        disabled: false,
        lastLoginAt: null,
      });
      const [event] = await bed.query<{ data: { createdBy?: string } }>(
        `SELECT data FROM auth.outbox WHERE type = 'user.registered' AND data->>'userId' = $1`,
        [user.id],
      );
      expect(event.data.createdBy).toBe(adminId);

      const first = await bed.call(authRpc.adminListUsers, { actorId: adminId, limit: 1 });
      expect(first.items).toHaveLength(1);
      const next = await bed.call(authRpc.adminListUsers, {
        actorId: adminId,
        limit: 200,
        cursor: first.nextCursor!,
      });
      expect(next.items.map((item) => item.id)).not.toContain(first.items[0].id);
      expect([...first.items, ...next.items].map((item) => item.id)).toContain(user.id);
    });

    it('carries a role change into live sessions', async () => {
      const { account, user } = await registered();
      const { session } = await bed.call(authRpc.login, loginOf(account));
      await bed.call(authRpc.adminUpdateUser, { actorId: adminId, userId: user.id, role: 'admin' });
      expect((await bed.call(authRpc.authenticateSession, { token: session.token })).principal.role).toBe(
        'admin',
      );
      await bed.call(authRpc.adminUpdateUser, { actorId: adminId, userId: user.id, role: 'user' });
      expect((await bed.call(authRpc.authenticateSession, { token: session.token })).principal.role).toBe(
        'user',
      );
    });

    it('will not demote or disable the last active admin', async () => {
      const solo = await AuthTestBed.start(await migratedAuthDatabase('auth_last_admin'));
      try {
        const { user } = await solo.call(authRpc.register, newAccount('only'));
        for (const change of [{ role: 'user' as const }, { disabled: true }]) {
          const error = await solo.failure(authRpc.adminUpdateUser, {
            actorId: user.id,
            userId: user.id,
            ...change,
          });
          expect(error.code).toBe('CONFLICT');
        }
        const [row] = await solo.query<{ role: string; disabled_at: Date | null }>(
          'SELECT role, disabled_at FROM auth.users WHERE id = $1',
          [user.id],
        );
        expect(row).toEqual({ role: 'admin', disabled_at: null });
      } finally {
        await solo.close();
      }
    });

    it('disabling revokes sessions and tokens and emits the events; re-enabling lets the user sign in', async () => {
      const { account, user, session } = await registered();
      const token = await bed.call(authRpc.createToken, { userId: user.id, name: 't', scopes: ['read'] });

      const disabled = await bed.call(authRpc.adminUpdateUser, {
        actorId: adminId,
        userId: user.id,
        disabled: true,
      });
      expect(disabled.user.disabled).toBe(true);
      expect((await bed.failure(authRpc.authenticateSession, { token: session.token })).code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await bed.failure(authRpc.authenticateToken, { secret: token.secret })).code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await bed.call(authRpc.listSessions, { userId: user.id })).items).toEqual([]);
      const [tokenRow] = await bed.query<{ revoked_at: Date | null }>(
        'SELECT revoked_at FROM auth.api_tokens WHERE id = $1',
        [token.token.id],
      );
      expect(tokenRow.revoked_at).not.toBeNull();
      expect((await bed.failure(authRpc.login, loginOf(account))).code).toBe('UNAUTHENTICATED');
      const directory = await bed.call(authRpc.directory, {
        userId: adminId,
        query: account.username,
        limit: 5,
      });
      expect(directory.items).toEqual([]);

      const events = await bed.query<{ type: string; data: { reason?: string; changed?: string[] } }>(
        `SELECT type, data FROM auth.outbox WHERE data->>'userId' = $1 AND type <> 'session.created' ORDER BY seq`,
        [user.id],
      );
      expect(events.map((event) => event.type)).toEqual([
        'user.registered',
        'user.disabled',
        'user.updated',
        'session.revoked',
      ]);
      expect(events[2].data.changed).toEqual(['disabled']);
      expect(events[3].data.reason).toBe('user_disabled');

      const enabled = await bed.call(authRpc.adminUpdateUser, {
        actorId: adminId,
        userId: user.id,
        disabled: false,
      });
      expect(enabled.user.disabled).toBe(false);
      await bed.call(authRpc.login, loginOf(account));
    });
  });
});
