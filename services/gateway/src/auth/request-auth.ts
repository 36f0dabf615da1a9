import { type Principal } from '@tracera/contracts';
import { type RateLimitDecision } from '@tracera/rate-limit';
import { type FastifyRequest } from 'fastify';

/** What the guards established about one request: who made it, and the general limit when already decided. */
export interface RequestAuth {
  principal?: Principal;
  /** The 'api' decision made together with the session lookup (one Redis round trip), if there was one. */
  apiDecision?: RateLimitDecision;
}

// Keyed on the raw request so nothing is added to Fastify's request type.
const states = new WeakMap<object, RequestAuth>();

export function requestAuth(request: Pick<FastifyRequest, 'raw'>): RequestAuth {
  let state = states.get(request.raw);
  if (!state) {
    state = {};
    states.set(request.raw, state);
  }
  return state;
}
