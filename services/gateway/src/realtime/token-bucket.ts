/** The outcome of taking one token: allowed, or when the next token will be there. */
export type TokenDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A token bucket of `capacity` tokens refilled evenly over `windowMs` (`30/10s`: bursts of 30, then one
 * every 333 ms). Pure and synchronous: one per socket, in memory on the socket's node.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.refilledAt = now();
    this.perMs = capacity / windowMs;
  }

  take(): TokenDecision {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.perMs);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil((1 - this.tokens) / this.perMs)) };
  }
}
