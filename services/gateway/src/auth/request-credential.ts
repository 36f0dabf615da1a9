import { type FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tracera_session';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const SESSION_COOKIE_PAIR = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=([^;]*)`);

/** What the caller presented: `Authorization: Bearer <x>` first, else the session cookie; undefined if neither. */
export function requestCredential(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization) return BEARER.exec(authorization)?.[1] ?? authorization;
  return sessionCookieOf(request.headers.cookie);
}

/** The `tracera_session` value of a Cookie header (tokens are base64url, so no decoding is needed). */
export function sessionCookieOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const value = SESSION_COOKIE_PAIR.exec(cookieHeader)?.[1]?.trim();
  return value ? value : undefined;
}
