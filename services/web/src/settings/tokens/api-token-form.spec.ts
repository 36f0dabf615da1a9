import { checkTokenForm, createTokenBody, TOKEN_LIFETIMES, TOKEN_SCOPES } from './api-token-form';

describe('API token form', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');

  it('offers exactly the scopes the API accepts', () => {
    expect(TOKEN_SCOPES.map(({ scope }) => scope)).toEqual(['read', 'write', 'admin']);
  });

  it('never offers a lifetime the server refuses (over a year)', () => {
    for (const { days } of TOKEN_LIFETIMES) if (days !== null) expect(days).toBeLessThanOrEqual(365);
  });

  describe('checkTokenForm', () => {
    it('accepts a named token with a scope', () => {
      expect(checkTokenForm({ name: 'backup script', scopes: ['read'], lifetimeDays: null })).toEqual({});
    });

    it('requires a name that is not just spaces, and not too long', () => {
      expect(checkTokenForm({ name: '   ', scopes: ['read'], lifetimeDays: null }).name).toMatch(/name/);
      expect(checkTokenForm({ name: 'x'.repeat(101), scopes: ['read'], lifetimeDays: null }).name).toBe(
        'Use at most 100 characters.',
      );
    });

    it('requires at least one scope', () => {
      expect(checkTokenForm({ name: 'ci', scopes: [], lifetimeDays: 7 })).toEqual({
        scopes: 'Choose at least one scope.',
      });
    });
  });

  describe('createTokenBody', () => {
    it('trims the name, orders the scopes, and leaves out expiry for "never"', () => {
      expect(createTokenBody({ name: ' ci ', scopes: ['write', 'read'], lifetimeDays: null }, now)).toEqual({
        name: 'ci',
        scopes: ['read', 'write'],
      });
    });

    it('sets expiresAt the chosen number of days from now', () => {
      expect(createTokenBody({ name: 'ci', scopes: ['read'], lifetimeDays: 30 }, now).expiresAt).toBe(
        '2026-12-24T12:00:00.000Z',
      );
    });
  });
});
