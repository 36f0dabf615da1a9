import { RpcError } from '@tracera/streams';
import { CreateApiTokenCommand, MAX_API_TOKEN_LIFETIME_MS } from './create-api-token.command';

const now = Date.parse('2026-01-01T00:00:00Z');
const base = { userId: '0190f5c2-1111-7aaa-8bbb-123456789abc', name: ' deploy ', scopes: ['read' as const] };

describe('CreateApiTokenCommand', () => {
  it('trims the name, de-duplicates scopes, and allows no expiry', () => {
    const command = CreateApiTokenCommand.create({ ...base, scopes: ['read', 'write', 'read'] }, now);
    expect(command).toMatchObject({ name: 'deploy', scopes: ['read', 'write'], expiresAt: null });
  });

  it('accepts an expiry exactly one year ahead', () => {
    const expiresAt = new Date(now + MAX_API_TOKEN_LIFETIME_MS).toISOString();
    expect(CreateApiTokenCommand.create({ ...base, expiresAt }, now).expiresAt?.toISOString()).toBe(
      expiresAt,
    );
  });

  it.each([
    ['now', now],
    ['past', now - 1000],
    ['over a year ahead', now + MAX_API_TOKEN_LIFETIME_MS + 1000],
  ])('refuses an expiry %s with VALIDATION on expiresAt', (_label, at) => {
    try {
      CreateApiTokenCommand.create({ ...base, expiresAt: new Date(at).toISOString() }, now);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).details).toMatchObject({ errors: [{ field: 'expiresAt' }] });
    }
  });
});
