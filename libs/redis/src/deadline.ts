/** Raised when an awaited operation outlives its deadline. */
export class DeadlineExceededError extends Error {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation} did not finish within ${timeoutMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Settles like `work`, or rejects with {@link DeadlineExceededError} after `timeoutMs`. The work itself is
 * not cancelled (a Redis command cannot be); its late result is ignored.
 */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(operation, timeoutMs)), timeoutMs);
  });
  // A rejection of `work` after the deadline must not surface as an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
