import { type IncomingMessage } from 'node:http';

/**
 * Whether a socket handshake may proceed, by its Origin. WebSockets are not covered by CORS, so without this
 * check any web page could open a socket with the visitor's session cookie. No Origin header: not a browser
 * (browsers always send it on WebSocket handshakes), allowed. Otherwise the origin must be listed in
 * CORS_ORIGINS or be the gateway's own (same scheme-less host as the request's Host header).
 */
export function originAllowed(
  request: Pick<IncomingMessage, 'headers'>,
  allowedOrigins: readonly string[],
): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  const host = request.headers.host;
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
