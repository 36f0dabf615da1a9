import 'server-only';
import { cookies } from 'next/headers';
import { internalApiUrl, publicRuntimeConfig } from '../app/runtime-config';

/** The gateway's session cookie (`services/gateway/src/auth/request-credential.ts`). */
const SESSION_COOKIE = 'tracera_session';
const TIMEOUT_MS = 3_000;

export type SessionOnServer = 'signed-in' | 'signed-out' | 'unknown';

/**
 * Whether the visitor of a signed-out page is in fact signed in, decided on the server when it can see the
 * cookie. The gateway on this host (no PUBLIC_API_URL) shares its cookies with this server, so no cookie means
 * signed out; with a separate API origin the cookie may be out of sight, and only the browser can tell.
 */
export async function sessionOnServer(): Promise<SessionOnServer> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (token === undefined) return publicRuntimeConfig().apiUrl === null ? 'signed-out' : 'unknown';
  try {
    const response = await fetch(`${internalApiUrl()}/api/v1/auth/me`, {
      cache: 'no-store',
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.ok) return 'signed-in';
    return response.status === 401 ? 'signed-out' : 'unknown';
  } catch {
    return 'unknown';
  }
}
