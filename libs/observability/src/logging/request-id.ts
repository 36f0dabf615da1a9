import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a well-formed incoming `X-Request-Id` (set by a proxy or a caller), otherwise makes one. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

/** The correlation id ties together everything one user action causes, across services and events. */
export function correlationIdFor(req: Pick<IncomingMessage, 'headers'> & { id?: unknown }): string {
  const incoming = req.headers['x-correlation-id'];
  if (typeof incoming === 'string' && SAFE_ID.test(incoming)) return incoming;
  return typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '';
}
