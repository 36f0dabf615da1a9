import { useDateFormat } from '../../ui/use-date-format';
import { CHALLENGE_METRIC_LABELS, progressPercent } from './challenge-standing';
import type { Challenge } from './challenge-queries';

const STATUS_LABELS = { upcoming: 'Upcoming', active: 'Active', ended: 'Ended' } as const;

export function ChallengeStatusBadge({ status }: { status: Challenge['status'] }) {
  return <span className={`status-badge ${status}`}>{STATUS_LABELS[status]}</span>;
}

/** What, how much, when, and how many take part. */
export function ChallengeMeta({ challenge }: { challenge: Challenge }) {
  const format = useDateFormat();
  return (
    <p className="challenge-meta">
      <span>
        {CHALLENGE_METRIC_LABELS[challenge.metric]}: {challenge.target}
      </span>
      <span>
        <time dateTime={challenge.startsAt}>{format.dateTime(challenge.startsAt)}</time> –{' '}
        <time dateTime={challenge.endsAt}>{format.dateTime(challenge.endsAt)}</time>
      </span>
      <span>
        {challenge.memberCount} {challenge.memberCount === 1 ? 'participant' : 'participants'}
      </span>
      <span>{challenge.visibility === 'invite' ? 'Invite only' : 'Public'}</span>
    </p>
  );
}

/** The person's own progress towards the target, when they take part. */
export function ChallengeProgress({ challenge }: { challenge: Challenge }) {
  if (!challenge.me) return null;
  const percent = progressPercent(challenge.me.score, challenge.target);
  return (
    <div className="challenge-progress">
      <p className="challenge-meta">
        <span>
          Your score: {challenge.me.score} of {challenge.target}
        </span>
        {challenge.me.rank !== null && <span>Rank {challenge.me.rank}</span>}
        {challenge.me.completedAt && <span>Completed</span>}
      </p>
      <span
        className="progress"
        role="progressbar"
        aria-label={`Progress in ${challenge.title}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${challenge.me.score} of ${challenge.target}`}
      >
        <span style={{ width: `${percent}%` }} />
      </span>
    </div>
  );
}
