import { createHash } from 'node:crypto';
import {
  API_TOKEN_PATTERN,
  bearerKind,
  hashSecret,
  newApiTokenSecret,
  newSessionToken,
  SESSION_TOKEN_PATTERN,
} from './session-token';

describe('session tokens', () => {
  it('makes 256-bit base64url session tokens, a new one each time, with their SHA-256 hash', () => {
    const a = newSessionToken();
    const b = newSessionToken();
    expect(a.secret).toMatch(SESSION_TOKEN_PATTERN);
    expect(Buffer.from(a.secret, 'base64url')).toHaveLength(32);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(createHash('sha256').update(a.secret).digest('base64url'));
    expect(a.hash).not.toBe(a.secret);
  });

  it('makes API tokens as trp_ plus 43 base64url characters', () => {
    const token = newApiTokenSecret();
    expect(token.secret).toMatch(API_TOKEN_PATTERN);
    expect(token.secret.startsWith('trp_')).toBe(true);
    expect(Buffer.from(token.secret.slice(4), 'base64url')).toHaveLength(32);
    expect(token.hash).toBe(hashSecret(token.secret));
  });

  it('hashes deterministically to 43 base64url characters', () => {
    expect(hashSecret('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(hashSecret('abc')).toBe(hashSecret('abc'));
    expect(hashSecret('abd')).not.toBe(hashSecret('abc'));
  });

  it('tells sessions from API tokens by shape and refuses everything else', () => {
    expect(bearerKind(newSessionToken().secret)).toBe('session');
    expect(bearerKind(newApiTokenSecret().secret)).toBe('api-token');
    for (const junk of [
      '',
      'abc',
      'x'.repeat(42),
      'x'.repeat(44),
      `${'x'.repeat(42)}+`,
      'trp_short',
      `trp_${'x'.repeat(44)}`,
    ]) {
      expect(bearerKind(junk)).toBeUndefined();
    }
  });
});
