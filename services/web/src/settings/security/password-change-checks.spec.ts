import { checkPasswordChange } from './password-change-checks';

describe('checkPasswordChange', () => {
  const valid = {
    currentPassword: 'correct horse battery',
    newPassword: 'staple gun orbit',
    confirmPassword: 'staple gun orbit',
  };

  it('accepts a complete, matching change', () => {
    expect(checkPasswordChange(valid)).toEqual({});
  });

  it('asks for the current password', () => {
    expect(checkPasswordChange({ ...valid, currentPassword: '' })).toEqual({
      currentPassword: 'Enter your password.',
    });
  });

  it('enforces the minimum length of 10 characters on the new password', () => {
    const short = checkPasswordChange({ ...valid, newPassword: '123456789', confirmPassword: '123456789' });
    expect(Object.keys(short)).toEqual(['newPassword']);
    expect(short.newPassword).toMatch(/at least 10 characters/);
    expect(
      checkPasswordChange({ ...valid, newPassword: '1234567890', confirmPassword: '1234567890' }),
    ).toEqual({});
  });

  it('refuses reusing the current password', () => {
    const same = valid.currentPassword;
    expect(checkPasswordChange({ ...valid, newPassword: same, confirmPassword: same })).toEqual({
      newPassword: 'Choose a password different from the current one.',
    });
  });

  it('requires the confirmation to match exactly', () => {
    expect(checkPasswordChange({ ...valid, confirmPassword: 'staple gun orbiT' })).toEqual({
      confirmPassword: 'The passwords do not match.',
    });
  });
});
