import {
  accountRequestBody,
  displayNameRule,
  emailRule,
  loginRule,
  newPasswordRule,
  currentPasswordRule,
  usernameRule,
  validateAccountForm,
  validateSignInForm,
} from './account-fields';

describe('account field rules (the server rules of auth-fields.ts, in words a person understands)', () => {
  describe('email', () => {
    it.each(['ada@example.com', 'ada.lovelace+tracera@mail.example.co.uk', "o'brien@example.org"])(
      'accepts %s',
      (email) => expect(emailRule(email)).toBeUndefined(),
    );

    it('asks for an email when empty', () => {
      expect(emailRule('')).toBe('Enter your email address.');
    });

    it.each([
      'ada',
      'ada@example',
      'ada@example.c',
      '.ada@example.com',
      'ada..l@example.com',
      'a da@example.com',
    ])('refuses %s with an example of the expected shape', (email) =>
      expect(emailRule(email)).toBe('Enter an email address such as ada@example.com.'),
    );

    it('refuses more than 254 characters', () => {
      const email = `${'a'.repeat(243)}@example.com`;
      expect(email).toHaveLength(255);
      expect(emailRule(email)).toBe('An email address has at most 254 characters.');
      expect(emailRule(email.slice(1))).toBeUndefined();
    });
  });

  describe('username', () => {
    it.each(['ada', 'Ada_L.ovelace-1', '1ada', 'a'.repeat(32)])('accepts %s', (username) =>
      expect(usernameRule(username)).toBeUndefined(),
    );

    it('names each broken rule', () => {
      expect(usernameRule('')).toBe('Choose a username.');
      expect(usernameRule('ab')).toBe('A username needs at least 3 characters.');
      expect(usernameRule('a'.repeat(33))).toBe('A username has at most 32 characters.');
      expect(usernameRule('_ada')).toBe('A username starts with a letter or a digit.');
      expect(usernameRule('.ada')).toBe('A username starts with a letter or a digit.');
      expect(usernameRule('ada lovelace')).toBe(
        'A username may contain only letters, digits, "_", "." and "-" (no spaces).',
      );
      expect(usernameRule('ada@home')).toBe(
        'A username may contain only letters, digits, "_", "." and "-" (no spaces).',
      );
    });
  });

  describe('new password', () => {
    it('needs 10 to 256 characters', () => {
      expect(newPasswordRule('')).toBe('Choose a password.');
      expect(newPasswordRule('123456789')).toBe(
        'Use at least 10 characters; a few words make a good password.',
      );
      expect(newPasswordRule('1234567890')).toBeUndefined();
      expect(newPasswordRule('x'.repeat(256))).toBeUndefined();
      expect(newPasswordRule('x'.repeat(257))).toBe('A password has at most 256 characters.');
    });
  });

  describe('display name', () => {
    it('is optional and at most 100 characters once trimmed', () => {
      expect(displayNameRule('')).toBeUndefined();
      expect(displayNameRule(`  ${'x'.repeat(100)}  `)).toBeUndefined();
      expect(displayNameRule('x'.repeat(101))).toBe('A display name has at most 100 characters.');
    });
  });

  describe('sign-in fields', () => {
    it('needs a login and a password, without applying the new-password length', () => {
      expect(loginRule('  ')).toBe('Enter your email or username.');
      expect(loginRule('ada')).toBeUndefined();
      expect(loginRule('x'.repeat(255))).toBe('This is longer than any email or username.');
      expect(currentPasswordRule('')).toBe('Enter your password.');
      expect(currentPasswordRule('short')).toBeUndefined();
      expect(currentPasswordRule('x'.repeat(257))).toBe('A password has at most 256 characters.');
    });
  });
});

describe('validateAccountForm', () => {
  const valid = {
    email: 'ada@example.com',
    username: 'ada',
    displayName: '',
    password: 'correct horse battery',
  };

  it('has no errors for a valid registration', () => {
    expect(validateAccountForm(valid)).toEqual({});
  });

  it('checks the values as they will be sent, so surrounding spaces are not an error', () => {
    expect(validateAccountForm({ ...valid, email: ' ada@example.com ', username: ' ada ' })).toEqual({});
  });

  it('names every failing field at once', () => {
    expect(
      validateAccountForm({ email: 'ada', username: 'a', displayName: 'x'.repeat(101), password: 'short' }),
    ).toEqual({
      email: 'Enter an email address such as ada@example.com.',
      username: 'A username needs at least 3 characters.',
      displayName: 'A display name has at most 100 characters.',
      password: 'Use at least 10 characters; a few words make a good password.',
    });
  });
});

describe('accountRequestBody', () => {
  it('trims the names and leaves a blank display name out, keeping the password as typed', () => {
    expect(
      accountRequestBody({
        email: ' ada@example.com ',
        username: ' ada ',
        displayName: '   ',
        password: ' spaced password ',
      }),
    ).toEqual({ email: 'ada@example.com', username: 'ada', password: ' spaced password ' });
    expect(
      accountRequestBody({ email: 'a@example.com', username: 'ada', displayName: ' Ada L. ', password: 'p' }),
    ).toMatchObject({ displayName: 'Ada L.' });
  });
});

describe('validateSignInForm', () => {
  it('asks for both fields', () => {
    expect(validateSignInForm({ login: '', password: '' })).toEqual({
      login: 'Enter your email or username.',
      password: 'Enter your password.',
    });
    expect(validateSignInForm({ login: 'ada@example.com', password: 'anything' })).toEqual({});
  });
});
