import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: what a browser cookie or `Authorization: Bearer` carries for a session. */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Personal API tokens carry a prefix, so the gateway knows which store to ask and leaked ones are greppable. */
export const API_TOKEN_PREFIX = 'trp_';
export const API_TOKEN_PATTERN = /^trp_[A-Za-z0-9_-]{43}$/;

export interface IssuedSecret {
  /** Shown to the client once; never stored. */
  secret: string;
  /** What is stored and looked up: SHA-256 of the secret, base64url. */
  hash: string;
}

/** SHA-256, base64url. A fast hash is right here: the input is 256 random bits, not a guessable password. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function newSessionToken(): IssuedSecret {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export function newApiTokenSecret(): IssuedSecret {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret) };
}

export type BearerKind = 'session' | 'api-token';

/** Which kind a presented secret is by its shape; anything else is not worth a lookup. */
export function bearerKind(secret: string): BearerKind | undefined {
  if (SESSION_TOKEN_PATTERN.test(secret)) return 'session';
  if (API_TOKEN_PATTERN.test(secret)) return 'api-token';
  return undefined;
}
