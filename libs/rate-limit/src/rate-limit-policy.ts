/** How a class of requests is counted. */
export type RateLimitAlgorithm = 'sliding-window' | 'fixed-window' | 'token-bucket';

/** The request classes of ARCHITECTURE §5 that are limited per request (login has its own API). */
export type RequestClass = 'api' | 'search' | 'ai' | 'upload';

/** Every class a decision can belong to. */
export type RateLimitClass = RequestClass | 'login';

export interface RequestPolicy {
  algorithm: RateLimitAlgorithm;
  /** Requests per window; for the token bucket its capacity, refilled at `limit` tokens per window. */
  limit: number;
  windowSeconds: number;
}

export interface LoginPolicy {
  /** Consecutive failures after which an account or an IP is blocked. */
  maxFailures: number;
  /** How long a failure is remembered after the last one, and so how long a block lasts. */
  windowSeconds: number;
}

export interface RateLimitPolicies {
  requests: Record<RequestClass, RequestPolicy>;
  login: LoginPolicy;
}

/** ARCHITECTURE §5 defaults. */
export const DEFAULT_RATE_LIMIT_POLICIES: RateLimitPolicies = {
  requests: {
    api: { algorithm: 'sliding-window', limit: 100, windowSeconds: 60 },
    search: { algorithm: 'fixed-window', limit: 100, windowSeconds: 60 },
    ai: { algorithm: 'token-bucket', limit: 20, windowSeconds: 60 },
    upload: { algorithm: 'sliding-window', limit: 10, windowSeconds: 600 },
  },
  login: { maxFailures: 5, windowSeconds: 300 },
};

/** Overrides for some classes; unnamed classes and fields keep their defaults. */
export interface RateLimitPolicyOverrides {
  requests?: Partial<Record<RequestClass, Partial<RequestPolicy>>>;
  login?: Partial<LoginPolicy>;
}

function checkAtLeast(value: number, minimum: number, what: string): void {
  if (!Number.isFinite(value) || value < minimum) {
    throw new Error(`rate limit ${what} must be ≥ ${minimum} (got ${value})`);
  }
}

// Scripts count in whole milliseconds, so a window must be at least one.
const MIN_WINDOW_SECONDS = 0.001;

export function resolvePolicies(overrides: RateLimitPolicyOverrides = {}): RateLimitPolicies {
  const requests = { ...DEFAULT_RATE_LIMIT_POLICIES.requests };
  for (const requestClass of Object.keys(requests) as RequestClass[]) {
    const policy = { ...requests[requestClass], ...overrides.requests?.[requestClass] };
    if (!Number.isInteger(policy.limit)) throw new Error(`rate limit ${requestClass}.limit must be whole`);
    checkAtLeast(policy.limit, 1, `${requestClass}.limit`);
    checkAtLeast(policy.windowSeconds, MIN_WINDOW_SECONDS, `${requestClass}.windowSeconds`);
    requests[requestClass] = policy;
  }
  const login = { ...DEFAULT_RATE_LIMIT_POLICIES.login, ...overrides.login };
  if (!Number.isInteger(login.maxFailures)) throw new Error('rate limit login.maxFailures must be whole');
  checkAtLeast(login.maxFailures, 1, 'login.maxFailures');
  checkAtLeast(login.windowSeconds, MIN_WINDOW_SECONDS, 'login.windowSeconds');
  return { requests, login };
}
