import { type RateLimitDecision } from './rate-limit-decision';

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, the widely deployed
 * separate-field form) plus `Retry-After` on deny, ready to set on a response.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    'RateLimit-Policy': decision.policy,
  };
  if (!decision.allowed) headers['Retry-After'] = String(decision.retryAfterSeconds ?? decision.resetSeconds);
  return headers;
}
