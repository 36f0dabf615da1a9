import { RpcError } from '@tracera/streams';
import { assertStrongPassword, passwordWeakness } from './password-policy';

const owner = { username: 'Grace', email: 'g.hopper@example.test' };

describe('password policy', () => {
  it('accepts a long password unrelated to the account', () => {
    expect(passwordWeakness('correct horse battery staple', owner)).toBeNull();
  });

  it.each([
    ['too short', 'short1!'],
    ['a most common password, in any case', 'PassWord123'],
    ['containing the username', 'xx-grace-hopper-xx'],
    ["containing the email's local part", 'my name is G.Hopper!'],
  ])('refuses a password %s', (_label, password) => {
    expect(passwordWeakness(password, owner)).not.toBeNull();
  });

  it('ignores name parts too short to mean anything', () => {
    expect(passwordWeakness('jo jo jo jo jo', { username: 'jo1', email: 'jo@example.test' })).toBeNull();
  });

  it('throws VALIDATION naming the field it was given', () => {
    try {
      assertStrongPassword('newPassword', 'qwertyuiop', owner);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe('VALIDATION');
      expect((error as RpcError).details).toEqual({
        errors: [{ field: 'newPassword', message: 'is one of the most commonly used passwords' }],
      });
    }
  });
});
