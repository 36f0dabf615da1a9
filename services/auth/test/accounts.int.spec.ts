import { authRpc } from '@tracera/contracts';
import * as argon2 from 'argon2';
import { AuthTestBed, fieldsOf, loginOf, migratedAuthDatabase, newAccount } from './auth-test-harness';

/** Registration, sign-in, profile and password against the real auth service, Postgres and Redis. */
describe('auth service: accounts', () => {
  let bed: AuthTestBed;

  beforeAll(async () => {
    bed = await AuthTestBed.start(await migratedAuthDatabase('auth_accounts'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  async function userCount(): Promise<number> {
    return Number((await bed.query<{ n: string }>('SELECT count(*) AS n FROM auth.users'))[0].n);
  }

  describe('registration', () => {
    it('reports a first run with open sign-ups while no account exists', async () => {
      expect(await bed.call(authRpc.registrationStatus, {})).toEqual({ open: true, firstRun: true });
    });

    it('makes exactly one of four concurrent first registrations admin, the others users', async () => {
      const answers = await Promise.all(
        ['first', 'second', 'third', 'fourth'].map((label) => bed.call(authRpc.register, newAccount(label))),
      );
      expect(answers.map((answer) => answer.user.role).sort()).toEqual(['admin', 'user', 'user', 'user']);
      const admins = await bed.query<{ id: string }>(`SELECT id FROM auth.users WHERE role = 'admin'`);
      expect(admins).toHaveLength(1);
    });

    it('reports open sign-ups and no first run once an account exists', async () => {
      expect(await bed.call(authRpc.registrationStatus, {})).toEqual({ open: true, firstRun: false });
    });

    it('answers the user, an issued session, and writes user.registered then session.created', async () => {
      const account = newAccount();
      const { user, session } = await bed.call(authRpc.register, { ...account, displayName: 'Ada L.' });
      expect(user).toMatchObject({
        username: account.username,
        email: account.email,
        displayName: 'Ada L.',
        role: 'user',
        timeZone: 'UTC',
        locale: 'en',
        avatarUrl: null,
      });
      expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(await bed.outboxTypes(user.id)).toEqual(['user.registered', 'session.created']);
      const stored = await bed.query<{ password_hash: string }>(
        'SELECT password_hash FROM auth.users WHERE id = $1',
        [user.id],
      );
      expect(stored[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    });

    it('defaults the display name to the username and stores the email lower-case', async () => {
      const account = newAccount();
      const { user } = await bed.call(authRpc.register, { ...account, email: account.email.toUpperCase() });
      expect(user.displayName).toBe(account.username);
      expect(user.email).toBe(account.email);
    });

    it('refuses a taken email or username (any case) with CONFLICT naming the field, storing nothing', async () => {
      const taken = newAccount();
      await bed.call(authRpc.register, taken);
      const before = await userCount();

      const sameEmail = await bed.failure(authRpc.register, { ...newAccount(), email: taken.email });
      expect(sameEmail.code).toBe('CONFLICT');
      expect(sameEmail.details).toEqual({ errors: [{ field: 'email', message: 'is already taken' }] });

      const sameName = await bed.failure(authRpc.register, {
        ...newAccount(),
        username: taken.username.toUpperCase(),
      });
      expect(sameName.code).toBe('CONFLICT');
      expect(sameName.details).toEqual({ errors: [{ field: 'username', message: 'is already taken' }] });
      expect(await userCount()).toBe(before);
    });

    it.each([
      ['a most common password', () => 'password123'],
      ['the username', (username: string) => `my-${username}-rocks`],
      ['the email local part', (username: string) => `${username.toUpperCase()}!!`],
    ])('refuses a password that is %s with VALIDATION on password, storing nothing', async (_label, make) => {
      const account = newAccount();
      const before = await userCount();
      const error = await bed.failure(authRpc.register, { ...account, password: make(account.username) });
      expect(error.code).toBe('VALIDATION');
      expect(fieldsOf(error)).toEqual(['password']);
      expect(await userCount()).toBe(before);
    });
  });

  describe('sign-in', () => {
    const account = newAccount('signin');
    let userId: string;

    beforeAll(async () => {
      userId = (await bed.call(authRpc.register, account)).user.id;
    });

    it('signs in by email or by username regardless of case, with a new token each time', async () => {
      const byEmail = await bed.call(authRpc.login, loginOf(account, account.email.toUpperCase()));
      const byName = await bed.call(authRpc.login, loginOf(account, ` ${account.username.toUpperCase()} `));
      expect(byEmail.user.id).toBe(userId);
      expect(byName.user.id).toBe(userId);
      expect(byEmail.session.token).not.toBe(byName.session.token);
      const [row] = await bed.query<{ last_login_at: Date | null }>(
        'SELECT last_login_at FROM auth.users WHERE id = $1',
        [userId],
      );
      expect(row.last_login_at).not.toBeNull();
    });

    it('gives a wrong password and an unknown account the identical UNAUTHENTICATED answer', async () => {
      const wrong = await bed.failure(authRpc.login, loginOf(account, account.username, 'nope'));
      const unknown = await bed.failure(authRpc.login, loginOf(account, 'nobody-here', 'nope'));
      expect(wrong.code).toBe('UNAUTHENTICATED');
      expect(unknown.toBody()).toEqual(wrong.toBody());
    });

    it('spends at least one argon2 verification on an unknown account as on a wrong password', async () => {
      const hash = await argon2.hash('some password', {
        type: argon2.argon2id,
        memoryCost: 19456,
        timeCost: 2,
      });
      // The fastest of three: noise (a busy machine) only ever adds time, so the minimum is the real cost.
      let verifyMs = Infinity;
      for (let run = 0; run < 3; run += 1) {
        const verifyStart = performance.now();
        await argon2.verify(hash, 'other password');
        verifyMs = Math.min(verifyMs, performance.now() - verifyStart);
      }

      const timed = async (login: string) => {
        const start = performance.now();
        await bed.failure(authRpc.login, loginOf(account, login, 'wrong password'));
        return performance.now() - start;
      };
      const unknownMs = await timed('no-such-account@example.test');
      const wrongMs = await timed(account.email);
      // Generous bounds: the RPC round trip adds noise, but skipping the hash would make it far quicker.
      expect(unknownMs).toBeGreaterThanOrEqual(verifyMs * 0.5);
      expect(wrongMs).toBeGreaterThanOrEqual(verifyMs * 0.5);
    });

    it('refuses a disabled user with the same answer, even with the right password', async () => {
      const disabled = newAccount('disabled');
      const { user } = await bed.call(authRpc.register, disabled);
      await bed.query('UPDATE auth.users SET disabled_at = now() WHERE id = $1', [user.id]);
      const error = await bed.failure(authRpc.login, loginOf(disabled, disabled.username));
      expect(error.toBody()).toEqual({ code: 'UNAUTHENTICATED', message: 'invalid login or password' });
    });

    it('rehashes on sign-in when the argon2 parameters grew', async () => {
      const stronger = await AuthTestBed.start(bed.databaseUrl, { ARGON2_MEMORY_KIB: '24576' });
      try {
        await stronger.call(authRpc.login, loginOf(account, account.username));
        const [row] = await bed.query<{ password_hash: string }>(
          'SELECT password_hash FROM auth.users WHERE id = $1',
          [userId],
        );
        expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=24576,p=1,t=2\$/);
        // A replica still on the old parameters verifies it (they live in the hash itself).
        await bed.call(authRpc.login, loginOf(account, account.username));
      } finally {
        await stronger.close();
      }
    });
  });

  describe('profile and password', () => {
    it('reads and updates the profile; user.updated names only the fields that changed', async () => {
      const { user } = await bed.call(authRpc.register, newAccount());
      expect((await bed.call(authRpc.getMe, { userId: user.id })).user).toEqual(user);

      const updated = await bed.call(authRpc.updateMe, {
        userId: user.id,
        displayName: 'New Name',
        timeZone: 'Europe/Berlin',
        locale: user.locale,
        avatarUrl: 'https://example.test/a.png',
      });
      expect(updated.user).toMatchObject({
        displayName: 'New Name',
        timeZone: 'Europe/Berlin',
        avatarUrl: 'https://example.test/a.png',
      });
      expect((await bed.call(authRpc.getMe, { userId: user.id })).user).toEqual(updated.user);
      const events = await bed.query<{ data: { changed: string[] } }>(
        `SELECT data FROM auth.outbox WHERE type = 'user.updated' AND data->>'userId' = $1`,
        [user.id],
      );
      expect(events.map((event) => event.data.changed)).toEqual([['displayName', 'timeZone', 'avatarUrl']]);
    });

    it('changes the password with the current one and revokes every other session, not this one', async () => {
      const account = newAccount();
      const { user, session: current } = await bed.call(authRpc.register, account);
      const other = await bed.call(authRpc.login, loginOf(account, account.username));

      await bed.call(authRpc.changePassword, {
        userId: user.id,
        sessionId: current.sessionId,
        currentPassword: account.password,
        newPassword: 'a different long passphrase',
      });

      const alive = await bed.call(authRpc.authenticateSession, { token: current.token });
      expect(alive.principal).toMatchObject({ userId: user.id, sessionId: current.sessionId });
      const revoked = await bed.failure(authRpc.authenticateSession, { token: other.session.token });
      expect(revoked.code).toBe('UNAUTHENTICATED');
      await bed.call(authRpc.login, loginOf(account, account.email, 'a different long passphrase'));
      expect((await bed.failure(authRpc.login, loginOf(account, account.email))).code).toBe(
        'UNAUTHENTICATED',
      );

      const events = await bed.query<{ type: string; data: { reason?: string; sessionIds?: string[] } }>(
        `SELECT type, data FROM auth.outbox WHERE data->>'userId' = $1 AND type IN ('user.password_changed', 'session.revoked') ORDER BY seq`,
        [user.id],
      );
      expect(events).toEqual([
        { type: 'user.password_changed', data: { userId: user.id } },
        {
          type: 'session.revoked',
          data: { userId: user.id, sessionIds: [other.session.sessionId], reason: 'password_changed' },
        },
      ]);
    });

    it('answers a wrong current password with VALIDATION on currentPassword and a weak new one on newPassword', async () => {
      const account = newAccount();
      const { user, session } = await bed.call(authRpc.register, account);
      const base = { userId: user.id, sessionId: session.sessionId };

      const wrong = await bed.failure(authRpc.changePassword, {
        ...base,
        currentPassword: 'not my password',
        newPassword: 'a different long passphrase',
      });
      expect(wrong.code).toBe('VALIDATION');
      expect(fieldsOf(wrong)).toEqual(['currentPassword']);

      const weak = await bed.failure(authRpc.changePassword, {
        ...base,
        currentPassword: account.password,
        newPassword: 'qwertyuiop',
      });
      expect(fieldsOf(weak)).toEqual(['newPassword']);
      expect(await bed.outboxTypes(user.id)).not.toContain('user.password_changed');
    });
  });

  describe('directory', () => {
    it('lists enabled users by username with a cursor, filtered by name with literal wildcards', async () => {
      const tag = `dir${Date.now().toString(36)}`;
      const names = ['a', 'b', 'c', 'd'].map((letter) => `${tag}_${letter}`);
      const ids: string[] = [];
      for (const username of names) {
        ids.push((await bed.call(authRpc.register, { ...newAccount(), username })).user.id);
      }
      await bed.query('UPDATE auth.users SET disabled_at = now() WHERE id = $1', [ids[3]]);
      const viewer = ids[0];

      const first = await bed.call(authRpc.directory, { userId: viewer, query: `${tag}_`, limit: 2 });
      expect(first.items.map((item) => item.username)).toEqual(names.slice(0, 2));
      expect(first.nextCursor).not.toBeNull();
      const second = await bed.call(authRpc.directory, {
        userId: viewer,
        query: `${tag}_`,
        limit: 2,
        cursor: first.nextCursor!,
      });
      expect(second.items.map((item) => item.username)).toEqual([names[2]]);
      expect(second.nextCursor).toBeNull();

      // "_" is a literal underscore, not "any character".
      const literal = await bed.call(authRpc.directory, { userId: viewer, query: `${tag}%`, limit: 50 });
      expect(literal.items).toEqual([]);
      const bad = await bed.failure(authRpc.directory, { userId: viewer, limit: 5, cursor: 'garbage' });
      expect(bad.code).toBe('VALIDATION');
    });
  });
});

describe('auth service: closed sign-ups', () => {
  it('lets the first user register, then answers FORBIDDEN "sign-ups are closed"', async () => {
    const bed = await AuthTestBed.start(await migratedAuthDatabase('auth_closed'), {
      DISABLE_SIGNUPS: 'true',
    });
    try {
      expect(await bed.call(authRpc.registrationStatus, {})).toEqual({ open: true, firstRun: true });
      const first = await bed.call(authRpc.register, newAccount());
      expect(first.user.role).toBe('admin');
      expect(await bed.call(authRpc.registrationStatus, {})).toEqual({ open: false, firstRun: false });
      const refused = await bed.failure(authRpc.register, newAccount());
      expect(refused.toBody()).toEqual({ code: 'FORBIDDEN', message: 'sign-ups are closed' });
      expect(await bed.query('SELECT id FROM auth.users')).toHaveLength(1);
    } finally {
      await bed.close();
    }
  });
});
