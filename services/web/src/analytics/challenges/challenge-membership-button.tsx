'use client';

import { ProblemAlert } from '../../ui/problem-alert';
import { type Challenge, useChallengeMembership } from './challenge-queries';

/** Join or leave; an ended challenge can no longer be joined. */
export function ChallengeMembershipButton({ challenge }: { challenge: Challenge }) {
  const membership = useChallengeMembership();
  const joined = challenge.me !== null;
  if (!joined && challenge.status === 'ended') return null;
  return (
    <>
      <button
        type="button"
        className={joined ? undefined : 'primary'}
        disabled={membership.isPending}
        aria-label={`${joined ? 'Leave' : 'Join'} ${challenge.title}`}
        onClick={() => membership.mutate({ id: challenge.id, action: joined ? 'leave' : 'join' })}
      >
        {joined ? 'Leave' : 'Join'}
      </button>
      <ProblemAlert error={membership.error} />
    </>
  );
}
