import { MIN_PASSWORD_LENGTH } from '@tracera/contracts';
import { RpcError } from '@tracera/streams';
import { COMMON_PASSWORDS } from './common-passwords';

/** Whose password it is: a password built from the account's own names is too easy to guess. */
export interface PasswordOwner {
  username: string;
  email: string;
}

/** Parts of a name shorter than this are too generic to forbid (e.g. an email "jo@…"). */
const MIN_NAME_PART = 3;

/** Why a password is refused, or null when it is acceptable. */
export function passwordWeakness(password: string, owner: PasswordOwner): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is one of the most commonly used passwords';
  const username = owner.username.toLowerCase();
  if (username.length >= MIN_NAME_PART && lower.includes(username)) return 'must not contain the username';
  const localPart = owner.email.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= MIN_NAME_PART && lower.includes(localPart)) {
    return 'must not contain the email address';
  }
  return null;
}

/** Throws VALIDATION naming `field` when the password is too weak. */
export function assertStrongPassword(field: string, password: string, owner: PasswordOwner): void {
  const weakness = passwordWeakness(password, owner);
  if (weakness !== null) {
    throw new RpcError('VALIDATION', `password ${weakness}`, { errors: [{ field, message: weakness }] });
  }
}
