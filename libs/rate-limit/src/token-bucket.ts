/** The outcome of taking one token. */
export interface TokenDecision {
  allowed: boolean;
  /** Whole tokens left after this take. */
  remaining: number;
  /** Until one more whole token is there (when refused: when to try again). */
  retryAfterMs: number;
  /** Until the bucket is full again: how long its state still matters. */
  fullInMs: number;
}

/**
 * A token bucket of `capacity` tokens refilled evenly over `windowMs` (`30/10s`: bursts of 30, then one
 * every 333 ms). Pure and synchronous: the memory rate-limit store keeps one per subject, the socket
 * endpoint one per socket.
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
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, now - this.refilledAt) * this.perMs);
    this.refilledAt = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    return {
      allowed,
      remaining: Math.floor(this.tokens),
      retryAfterMs: Math.max(1, Math.ceil((Math.floor(this.tokens) + 1 - this.tokens) / this.perMs)),
      fullInMs: Math.max(1, Math.ceil((this.capacity - this.tokens) / this.perMs)),
    };
  }
}
