'use client';

import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { longDayLabel } from '../calendar-days';
import { useStreak } from './dashboard-queries';

function days(count: number): string {
  return `${count} ${count === 1 ? 'day' : 'days'}`;
}

/** Consecutive active days: now, at best, and when the person was last active. */
export function StreakCard() {
  const streak = useStreak();
  return (
    <section className="card" aria-labelledby="streak-heading">
      <h2 id="streak-heading">Streak</h2>
      {streak.isPending ? (
        <LoadingState label="Loading the streak" />
      ) : streak.isError ? (
        <ProblemAlert error={streak.error} onRetry={() => void streak.refetch()} />
      ) : (
        <dl className="streak">
          <div>
            <dt>Current</dt>
            <dd className="streak-current">{days(streak.data.current)}</dd>
          </div>
          <div>
            <dt>Longest</dt>
            <dd>{days(streak.data.longest)}</dd>
          </div>
          <div>
            <dt>Last active</dt>
            <dd>{streak.data.lastActiveDate ? longDayLabel(streak.data.lastActiveDate) : 'Not yet'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
