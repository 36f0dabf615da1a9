import { Logger, type LoggerService } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { withDeadline } from './deadline';

export type CircuitState = 'closed' | 'half-open' | 'open';

export type CircuitOutcome = 'success' | 'failure' | 'rejected' | 'fallback';

export interface CircuitBreakerOptions {
  /** Names the breaker in logs and in the `breaker` metric label, e.g. `search-cache`. */
  name: string;
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long an open circuit rejects calls before letting one probe through. Default 10 s. */
  resetTimeoutMs?: number;
  /** A call still running after this long counts as a failure (its caller gets a DeadlineExceededError). */
  callTimeoutMs?: number;
  /** Injectable clock for tests; Date.now by default. */
  now?: () => number;
  logger?: LoggerService;
}

/** Thrown (or handed to the fallback) when the circuit refuses a call without trying it. */
export class CircuitOpenError extends Error {
  constructor(
    readonly breaker: string,
    readonly retryInMs: number,
  ) {
    super(`circuit "${breaker}" is open; the next attempt is allowed in ${Math.max(0, retryInMs)} ms`);
    this.name = 'CircuitOpenError';
  }
}

const STATE_METRIC = 'tracera_circuit_breaker_state';
const CALLS_METRIC = 'tracera_circuit_breaker_calls_total';
const STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

// Several breakers (and several app instances in one test process) share these; registering twice would throw.
function stateGauge(): Gauge<'breaker'> {
  return (
    (register.getSingleMetric(STATE_METRIC) as Gauge<'breaker'> | undefined) ??
    new Gauge({
      name: STATE_METRIC,
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'],
    })
  );
}

function callsCounter(): Counter<'breaker' | 'outcome'> {
  return (
    (register.getSingleMetric(CALLS_METRIC) as Counter<'breaker' | 'outcome'> | undefined) ??
    new Counter({
      name: CALLS_METRIC,
      help: 'Calls through a circuit breaker by outcome; fallback counts calls a fallback answered, on top of their failure or rejected outcome',
      labelNames: ['breaker', 'outcome'],
    })
  );
}

/**
 * Guards a dependency callers can live without (the cache, a rate-limit store): after `failureThreshold`
 * consecutive failures it opens and fails calls at once (or answers them with the fallback) for
 * `resetTimeoutMs`; then one probe call is let through: success closes it, failure opens it again.
 */
export class CircuitBreaker {
  readonly name: string;
  private readonly failureThreshold: number;
  private readonly resetTimeoutMs: number;
  private readonly callTimeoutMs?: number;
  private readonly now: () => number;
  private readonly logger: LoggerService;
  private readonly gauge = stateGauge();
  private readonly calls = callsCounter();
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;

  constructor(options: CircuitBreakerOptions) {
    this.name = options.name;
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetTimeoutMs = options.resetTimeoutMs ?? 10_000;
    this.callTimeoutMs = options.callTimeoutMs;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? new Logger('CircuitBreaker');
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) {
      throw new Error(`circuit "${this.name}": failureThreshold must be a whole number ≥ 1`);
    }
    this.gauge.set({ breaker: this.name }, STATE_VALUE.closed);
  }

  /** The state as of now: an open circuit whose cool-down has passed reads as half-open. */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.resetTimeoutMs) return 'half-open';
    return this.current;
  }

  /**
   * Runs `work` through the breaker. Without a fallback, a refused call rejects with
   * {@link CircuitOpenError} and a failed one with its own error; with a fallback, both are answered by it.
   */
  async execute<T>(work: () => Promise<T>, fallback?: (error: unknown) => T | Promise<T>): Promise<T> {
    const admission = this.admit();
    if (admission === 'refused') {
      this.count('rejected');
      const error = new CircuitOpenError(this.name, this.openedAt + this.resetTimeoutMs - this.now());
      return this.fallBack(error, fallback);
    }
    const isProbe = admission === 'probe';
    let result: T;
    try {
      const running = Promise.resolve().then(work);
      result = await (this.callTimeoutMs !== undefined
        ? withDeadline(running, this.callTimeoutMs, `circuit "${this.name}" call`)
        : running);
    } catch (error) {
      this.count('failure');
      this.recordFailure(isProbe, error);
      return this.fallBack(error, fallback);
    }
    this.count('success');
    this.recordSuccess(isProbe);
    return result;
  }

  private admit(): 'allowed' | 'probe' | 'refused' {
    if (this.current === 'closed') return 'allowed';
    if (this.current === 'open' && this.now() - this.openedAt >= this.resetTimeoutMs) {
      this.transition('half-open');
      return 'probe';
    }
    // Open and cooling down, or half-open with its single probe already in flight.
    return 'refused';
  }

  private recordSuccess(isProbe: boolean): void {
    if (this.current === 'closed') this.consecutiveFailures = 0;
    // Only the probe decides a half-open circuit; late answers from before it opened change nothing.
    else if (this.current === 'half-open' && isProbe) {
      this.consecutiveFailures = 0;
      this.transition('closed');
    }
  }

  private recordFailure(isProbe: boolean, error: unknown): void {
    if (this.current === 'closed') {
      this.consecutiveFailures += 1;
      if (this.consecutiveFailures >= this.failureThreshold) this.open(error);
    } else if (this.current === 'half-open' && isProbe) {
      this.consecutiveFailures += 1;
      this.open(error);
    }
  }

  private open(error: unknown): void {
    this.openedAt = this.now();
    this.transition('open');
    this.logger.warn(
      `circuit "${this.name}" opened after ${this.consecutiveFailures} consecutive failure(s) ` +
        `(last: ${error instanceof Error ? error.message : String(error)}); retrying in ${this.resetTimeoutMs} ms`,
    );
  }

  private transition(to: CircuitState): void {
    if (to === 'closed' && this.current !== 'closed') this.logger.log(`circuit "${this.name}" closed again`);
    this.current = to;
    this.gauge.set({ breaker: this.name }, STATE_VALUE[to]);
  }

  private async fallBack<T>(error: unknown, fallback?: (error: unknown) => T | Promise<T>): Promise<T> {
    if (!fallback) throw error;
    this.count('fallback');
    return fallback(error);
  }

  private count(outcome: CircuitOutcome): void {
    this.calls.inc({ breaker: this.name, outcome });
  }
}
