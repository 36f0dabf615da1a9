import { randomUUID } from 'node:crypto';
import { authRpc } from '@tracera/contracts';
import { AuthTestBed, migratedAuthDatabase, newAccount } from './auth-test-harness';

/** `auth.user.lookup`: other services (messaging) check the people they are about to use. */
describe('auth service: user lookup', () => {
  let bed: AuthTestBed;

  beforeAll(async () => {
    bed = await AuthTestBed.start(await migratedAuthDatabase('auth_lookup'));
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('answers the existing, enabled users among the ids and leaves out unknown and disabled ones', async () => {
    const ada = (await bed.call(authRpc.register, { ...newAccount('ada'), displayName: 'Ada L.' })).user;
    const bob = (await bed.call(authRpc.register, newAccount('bob'))).user;
    const gone = (await bed.call(authRpc.register, newAccount('gone'))).user;
    await bed.query('UPDATE auth.users SET disabled_at = now() WHERE id = $1', [gone.id]);

    const { users } = await bed.call(authRpc.lookupUsers, {
      userIds: [bob.id, randomUUID(), gone.id, ada.id, ada.id],
    });

    expect([...users].sort((a, b) => a.username.localeCompare(b.username))).toEqual([
      { id: ada.id, username: ada.username, displayName: 'Ada L.', avatarUrl: null },
      { id: bob.id, username: bob.username, displayName: bob.username, avatarUrl: null },
    ]);
  });

  it('answers an empty list when none of the ids is a user', async () => {
    expect(await bed.call(authRpc.lookupUsers, { userIds: [randomUUID()] })).toEqual({ users: [] });
  });
});
