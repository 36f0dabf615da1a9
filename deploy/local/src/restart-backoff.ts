export interface RestartBackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A process that stayed up this long is considered healthy again: its next crash restarts fast. */
  resetAfterMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoffOptions = {
  initialMs: 500,
  maxMs: 30_000,
  resetAfterMs: 30_000,
};

/** Exponential restart delays (0.5 s, 1 s, 2 s … capped), like a compose restart policy. */
export class RestartBackoff {
  private consecutiveFailures = 0;

  constructor(private readonly options: RestartBackoffOptions = DEFAULT_RESTART_BACKOFF) {}

  /** The delay before restarting a process that just exited after running for `uptimeMs`. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.options.resetAfterMs) this.consecutiveFailures = 0;
    const delay = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.consecutiveFailures);
    this.consecutiveFailures = Math.min(this.consecutiveFailures + 1, 30);
    return delay;
  }
}
