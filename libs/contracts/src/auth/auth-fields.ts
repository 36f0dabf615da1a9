import { z } from 'zod';

/**
 * The shapes of account fields, shared by the gateway (which rejects bad input at the edge with 400) and the
 * auth service (which checks every RPC against the same rules).
 */
export const emailField = z
  .email({ message: 'must be an email address' })
  .max(254)
  .transform((email) => email.toLowerCase());

/** Letters, digits, `_ . -`; starts with a letter or digit; unique regardless of case. */
export const usernameField = z
  .string()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    message: 'may contain letters, digits, "_", "." and "-", and starts with a letter or digit',
  });

export const MIN_PASSWORD_LENGTH = 10;
/** Long passphrases are welcome; the cap only keeps hashing cost bounded. */
export const passwordField = z.string().min(MIN_PASSWORD_LENGTH).max(256);

export const displayNameField = z.string().trim().min(1).max(100);

export const timeZoneField = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' });

export const localeField = z
  .string()
  .max(35)
  .refine(isLocale, { message: 'must be a BCP 47 language tag such as en-GB' });

export const avatarUrlField = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2048)
  .nullable();

export const roleField = z.enum(['admin', 'user']);
export type Role = z.infer<typeof roleField>;

/** What a personal API token may do: `read` for GET, `write` for changes, `admin` for admin routes. */
export const tokenScopeField = z.enum(['read', 'write', 'admin']);
export type TokenScope = z.infer<typeof tokenScopeField>;

export const isoTime = z.iso.datetime({ offset: true });

function isTimeZone(value: string): boolean {
  // Newer runtimes accept offsets such as `+05:30`, which Postgres reads with the opposite (POSIX) sign.
  if (/^[+-]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}
