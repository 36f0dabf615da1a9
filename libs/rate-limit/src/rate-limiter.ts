import { Logger, type LoggerService } from '@nestjs/common';
import { CircuitBreaker, type RedisConnection } from '@tracera/redis';
import {
  toSeconds,
  type CountResult,
  type RateLimitDecision,
  type RateLimitSource,
} from './rate-limit-decision';
import { RateLimitKeys, type RateLimitSubject } from './rate-limit-keys';
import { decisionsCounter } from './rate-limit-metrics';
import {
  type LoginPolicy,
  type RateLimitClass,
  type RateLimitPolicies,
  type RateLimitPolicyOverrides,
  type RequestClass,
  type RequestPolicy,
  resolvePolicies,
} from './rate-limit-policy';
import { type LoginFailures, type RateLimitStore } from './rate-limit-store';
import { MemoryRateLimitStore, type MemoryRateLimitStoreOptions } from './memory-rate-limit-store';
import { RedisRateLimitStore } from './redis-rate-limit-store';

export interface RateLimiterOptions {
  /** The shared core command connection; without it the limiter counts in memory only (by design). */
  redis?: RedisConnection;
  /** REDIS_KEY_PREFIX; `tr:` by default. */
  keyPrefix?: string;
  policies?: RateLimitPolicyOverrides;
  memory?: MemoryRateLimitStoreOptions;
  /** The breaker in front of Redis. A Redis call slower than callTimeoutMs (default 250) is answered from memory. */
  breaker?: { failureThreshold?: number; resetTimeoutMs?: number; callTimeoutMs?: number };
  logger?: LoggerService;
}

interface Sourced<T> {
  value: T;
  source: RateLimitSource;
}

/**
 * ARCHITECTURE §5 rate limits. Counts in Redis (one script per decision, shared by all replicas) through
 * a circuit breaker; when Redis fails or the breaker is open, the same limits are applied per instance
 * from memory, so an outage neither blocks nor admits everyone. Without Redis it is memory only.
 */
export class RateLimiter {
  readonly policies: RateLimitPolicies;
  private readonly keys: RateLimitKeys;
  private readonly memory: MemoryRateLimitStore;
  private readonly redis?: RedisRateLimitStore;
  private readonly breaker?: CircuitBreaker;
  private readonly logger: LoggerService;
  private readonly decisions = decisionsCounter();
  private outageSince?: number;

  constructor(options: RateLimiterOptions = {}) {
    this.policies = resolvePolicies(options.policies);
    this.keys = new RateLimitKeys(options.keyPrefix);
    this.memory = new MemoryRateLimitStore(options.memory);
    this.logger = options.logger ?? new Logger('RateLimiter');
    if (options.redis) {
      this.redis = new RedisRateLimitStore(options.redis);
      this.breaker = new CircuitBreaker({
        name: 'rate-limit',
        failureThreshold: options.breaker?.failureThreshold ?? 3,
        resetTimeoutMs: options.breaker?.resetTimeoutMs ?? 5000,
        callTimeoutMs: options.breaker?.callTimeoutMs ?? 250,
        logger: this.logger,
      });
    }
  }

  /** Where decisions come from right now: Redis, or memory (configured so, or during an outage). */
  get source(): RateLimitSource {
    return this.redis && this.outageSince === undefined ? 'redis' : 'memory';
  }

  /** Counts one request of `requestClass` against the user, else the client IP. */
  async consume(requestClass: RequestClass, subject: RateLimitSubject): Promise<RateLimitDecision> {
    const policy = this.policies.requests[requestClass];
    const key = this.keys.request(requestClass, subject);
    const { value, source } = await this.run((store) => store.consume(key, policy));
    return this.decide(requestClass, requestPolicyHeader(policy), value, source);
  }

  /**
   * The decision (headers, metrics) for a count made elsewhere in one script with other work, e.g. the
   * gateway's session check that also counts the general-API window (`RedisSessionStore.authenticateAndLimit`).
   */
  record(
    requestClass: RequestClass,
    result: CountResult,
    source: RateLimitSource = 'redis',
  ): RateLimitDecision {
    return this.decide(
      requestClass,
      requestPolicyHeader(this.policies.requests[requestClass]),
      result,
      source,
    );
  }

  /**
   * Call before verifying the password: a blocked account or IP is denied even if the password is right,
   * so a guesser learns nothing once blocked.
   */
  async checkLogin(account: string, ip: string): Promise<RateLimitDecision> {
    const keys = this.loginKeys(account, ip);
    const { value, source } = await this.run((store) =>
      Promise.all([store.loginFailures(keys.account), store.loginFailures(keys.ip)]),
    );
    return this.decide('login', loginPolicyHeader(this.policies.login), this.loginResult(value), source);
  }

  /** Counts a failed login against the account and the IP; the decision says whether the next attempt may run. */
  async recordLoginFailure(account: string, ip: string): Promise<RateLimitDecision> {
    const keys = this.loginKeys(account, ip);
    const policy = this.policies.login;
    const { value, source } = await this.run((store) =>
      Promise.all([store.addLoginFailure(keys.account, policy), store.addLoginFailure(keys.ip, policy)]),
    );
    return this.loginDecision(this.loginResult(value), source);
  }

  /**
   * Clears the account's failures. The IP keeps its count: one address failing on many accounts (and
   * succeeding on its own) is still a guesser.
   */
  async recordLoginSuccess(account: string, ip: string): Promise<void> {
    const key = this.loginKeys(account, ip).account;
    await this.run((store) => store.clearLoginFailures(key));
  }

  private loginKeys(account: string, ip: string): { account: string; ip: string } {
    if (!ip) throw new Error('login throttling needs the client IP');
    return { account: this.keys.loginAccount(account), ip: this.keys.loginIp(ip) };
  }

  /** Either subject blocks; the one blocked longest decides the wait. */
  private loginResult(subjects: LoginFailures[]): CountResult {
    const { maxFailures } = this.policies.login;
    const blocked = subjects.filter((s) => s.failures >= maxFailures);
    const worst = Math.max(...subjects.map((s) => s.failures));
    const resetMs = Math.max(
      0,
      ...(blocked.length > 0 ? blocked : subjects.filter((s) => s.failures > 0)).map((s) => s.expiresInMs),
    );
    return {
      allowed: blocked.length === 0,
      limit: maxFailures,
      remaining: Math.max(0, maxFailures - worst),
      resetMs,
      ...(blocked.length > 0 ? { retryAfterMs: resetMs } : {}),
    };
  }

  private loginDecision(result: CountResult, source: RateLimitSource): RateLimitDecision {
    return toDecision('login', loginPolicyHeader(this.policies.login), result, source);
  }

  private decide(
    rateLimitClass: RateLimitClass,
    policy: string,
    result: CountResult,
    source: RateLimitSource,
  ): RateLimitDecision {
    const decision = toDecision(rateLimitClass, policy, result, source);
    this.decisions.inc({ class: rateLimitClass, outcome: decision.allowed ? 'allowed' : 'denied', source });
    return decision;
  }

  private async run<T>(work: (store: RateLimitStore) => Promise<T>): Promise<Sourced<T>> {
    const { redis, breaker } = this;
    if (!redis || !breaker) return { value: await work(this.memory), source: 'memory' };
    const answer = await breaker.execute<Sourced<T>>(
      async () => ({ value: await work(redis), source: 'redis' }),
      async (error) => {
        this.noteOutage(error);
        return { value: await work(this.memory), source: 'memory' };
      },
    );
    if (answer.source === 'redis') this.noteRecovery();
    return answer;
  }

  private noteOutage(error: unknown): void {
    if (this.outageSince !== undefined) return;
    this.outageSince = Date.now();
    this.logger.warn(
      `rate limits fall back to per-instance memory while Redis is unavailable ` +
        `(${error instanceof Error ? error.message : String(error)}); logged once per outage`,
    );
  }

  private noteRecovery(): void {
    if (this.outageSince === undefined) return;
    const lasted = Date.now() - this.outageSince;
    this.outageSince = undefined;
    this.logger.log(`rate limits are counted in Redis again after ${lasted} ms on per-instance memory`);
  }
}

function toDecision(
  rateLimitClass: RateLimitClass,
  policy: string,
  result: CountResult,
  source: RateLimitSource,
): RateLimitDecision {
  return {
    allowed: result.allowed,
    limit: result.limit,
    remaining: result.remaining,
    resetSeconds: toSeconds(result.resetMs),
    ...(result.allowed
      ? {}
      : { retryAfterSeconds: Math.max(1, toSeconds(result.retryAfterMs ?? result.resetMs)) }),
    policy,
    rateLimitClass,
    source,
  };
}

function requestPolicyHeader(policy: RequestPolicy): string {
  return `${policy.limit};w=${policy.windowSeconds}`;
}

function loginPolicyHeader(policy: LoginPolicy): string {
  return `${policy.maxFailures};w=${policy.windowSeconds}`;
}
