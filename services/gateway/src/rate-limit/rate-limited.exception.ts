import { rateLimitHeaders, type RateLimitDecision } from '@tracera/rate-limit';

/** A denied rate-limit decision; the problem filter answers 429 `rate-limited` with its headers. */
export class RateLimitedException extends Error {
  readonly headers: Record<string, string>;

  constructor(readonly decision: RateLimitDecision) {
    super(
      decision.rateLimitClass === 'login'
        ? `Too many failed sign-in attempts; try again in ${decision.retryAfterSeconds ?? decision.resetSeconds} s.`
        : `Too many requests (${decision.rateLimitClass} limit ${decision.policy}); try again in ${decision.retryAfterSeconds ?? decision.resetSeconds} s.`,
    );
    this.name = 'RateLimitedException';
    this.headers = rateLimitHeaders(decision);
  }
}
