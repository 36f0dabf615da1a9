import { ApiProblem } from '../../api/problem';
import { challengeRefetchInterval, LEADERBOARD_REFRESH_MS } from './challenge-polling';

describe('challenge polling', () => {
  it('polls a challenge that is upcoming, active or not loaded yet', () => {
    expect(challengeRefetchInterval({ status: 'upcoming' }, null)).toBe(LEADERBOARD_REFRESH_MS);
    expect(challengeRefetchInterval({ status: 'active' }, null)).toBe(LEADERBOARD_REFRESH_MS);
    expect(challengeRefetchInterval(undefined, null)).toBe(LEADERBOARD_REFRESH_MS);
  });

  it('stops once the challenge has ended, since no score can change any more', () => {
    expect(challengeRefetchInterval({ status: 'ended' }, null)).toBe(false);
  });

  it('stops when the challenge is gone or hidden, even with an older copy still cached', () => {
    expect(challengeRefetchInterval({ status: 'active' }, new ApiProblem({ status: 404 }))).toBe(false);
    expect(challengeRefetchInterval(undefined, new ApiProblem({ status: 403 }))).toBe(false);
  });

  it('keeps trying through failures that may pass', () => {
    expect(challengeRefetchInterval({ status: 'active' }, new ApiProblem({ status: 503 }))).toBe(
      LEADERBOARD_REFRESH_MS,
    );
    expect(challengeRefetchInterval({ status: 'active' }, new TypeError('Failed to fetch'))).toBe(
      LEADERBOARD_REFRESH_MS,
    );
  });
});
