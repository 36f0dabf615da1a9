import { type CountResult } from './rate-limit-decision';
import { type LoginPolicy, type RequestPolicy } from './rate-limit-policy';

/** Failures remembered for one login subject (account or IP), and for how much longer. */
export interface LoginFailures {
  failures: number;
  /** Milliseconds until the counter is forgotten; 0 when there is none. */
  expiresInMs: number;
}

/** Where counts live: Redis (shared by all replicas) or this process' memory. Same semantics in both. */
export interface RateLimitStore {
  /** Counts one request against `key` if the policy admits it. */
  consume(key: string, policy: RequestPolicy): Promise<CountResult>;
  loginFailures(key: string): Promise<LoginFailures>;
  /** Adds a failure and restarts its window; a subject already blocked is left as it is. */
  addLoginFailure(key: string, policy: LoginPolicy): Promise<LoginFailures>;
  clearLoginFailures(key: string): Promise<void>;
}
