'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { useSession } from '../../session/session-context';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import '../analytics.css';
import { ChallengeInvitePanel } from './challenge-invite-panel';
import { ChallengeLeaderboard } from './challenge-leaderboard';
import { ChallengeMembershipButton } from './challenge-membership-button';
import { useChallenge } from './challenge-queries';
import { ChallengeMeta, ChallengeProgress, ChallengeStatusBadge } from './challenge-summary';

/** `/challenges/[id]`: the challenge, the person's progress, the live leaderboard and (owner) invitations. */
export function ChallengeDetail({ id }: { id: string }) {
  const { user } = useSession();
  const challenge = useChallenge(id);
  useChallengeTabTitle(challenge.data?.title);
  if (challenge.isPending) return <LoadingState label="Loading the challenge" />;
  if (challenge.isError && !challenge.data) {
    return (
      <>
        <p>
          <Link href="/challenges">← All challenges</Link>
        </p>
        <h1>Challenge</h1>
        <ProblemAlert error={challenge.error} onRetry={() => void challenge.refetch()} />
      </>
    );
  }
  const current = challenge.data;
  const isOwner = current.ownerId === user.id;
  return (
    <>
      <p>
        <Link href="/challenges">← All challenges</Link>
      </p>
      <div className="page-header challenge-heading">
        <h1>{current.title}</h1>
        <ChallengeStatusBadge status={current.status} />
      </div>
      <div className="challenges-layout">
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          {current.description && <p>{current.description}</p>}
          <ChallengeMeta challenge={current} />
          <ChallengeProgress challenge={current} />
          <div className="challenge-actions">
            <ChallengeMembershipButton challenge={current} />
            {isOwner && <span className="muted">You created this challenge.</span>}
          </div>
        </section>
        <ChallengeLeaderboard challengeId={id} />
        {isOwner && current.visibility === 'invite' && current.status !== 'ended' && (
          <ChallengeInvitePanel challengeId={id} />
        )}
      </div>
    </>
  );
}

/**
 * Names the tab after the challenge (the page's static metadata only says "Challenge"), in the root layout's
 * "%s · Tracera" form. Not restored on unmount: the next page's own metadata title replaces it.
 */
function useChallengeTabTitle(title: string | undefined) {
  useEffect(() => {
    if (title) document.title = `${title} · Tracera`;
  }, [title]);
}
