import { CircuitOpenError } from './circuit-breaker';
import { DeadlineExceededError } from './deadline';

/** ioredis's ways of saying the server is unreachable (offline queue disabled, reconnecting, timed out). */
const REDIS_UNAVAILABLE_MESSAGES = [
  /Stream isn't writeable and enableOfflineQueue options is false/,
  /^Command timed out$/,
  /^Connection is closed\.?$/,
  /Reached the max retries per request limit/,
];

/** True when `error` means "Redis cannot be reached right now" (so 503, try again), not a bug or a bad command. */
export function isRedisUnavailableError(error: unknown): boolean {
  if (error instanceof CircuitOpenError || error instanceof DeadlineExceededError) return true;
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    REDIS_UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))
  );
}
