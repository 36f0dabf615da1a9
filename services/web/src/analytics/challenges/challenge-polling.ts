import { ApiProblem } from '../../api/problem';

/** Scores move as people work; a challenge and its leaderboard are polled this often (and on live events). */
export const LEADERBOARD_REFRESH_MS = 5_000;

/** Refusals that stay so: the challenge was deleted (404) or is hidden from this person (403). */
const GONE_STATUSES: readonly number[] = [403, 404];

/**
 * For TanStack Query's `refetchInterval` of a challenge and of its leaderboard: poll while it can still
 * change; stop once it is gone or has ended, as nothing can move after the end. Other failures keep trying.
 */
export function challengeRefetchInterval(
  challenge: { status: string } | undefined,
  error: unknown,
): number | false {
  if (error instanceof ApiProblem && GONE_STATUSES.includes(error.status)) return false;
  if (challenge?.status === 'ended') return false;
  return LEADERBOARD_REFRESH_MS;
}
