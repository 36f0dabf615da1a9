'use client';

import Link from 'next/link';
import { useState } from 'react';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { SegmentedControl } from '../segmented-control';
import { ChallengeMembershipButton } from './challenge-membership-button';
import { type ChallengeStatus, useChallengeList } from './challenge-queries';
import { ChallengeMeta, ChallengeProgress, ChallengeStatusBadge } from './challenge-summary';

type StatusFilter = ChallengeStatus | 'all';
const FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'upcoming', label: 'Upcoming' },
  { value: 'ended', label: 'Ended' },
];

/** The challenges the person may see, filtered by status, a page at a time. */
export function ChallengeList() {
  const [filter, setFilter] = useState<StatusFilter>('all');
  const list = useChallengeList(filter === 'all' ? undefined : filter);
  const challenges = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="challenge-list-heading">
      <div className="card-header">
        <h2 id="challenge-list-heading">All challenges</h2>
        <SegmentedControl label="Show challenges" options={FILTERS} value={filter} onChange={setFilter} />
      </div>
      {list.isPending ? (
        <LoadingState label="Loading challenges" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : challenges.length === 0 ? (
        <p className="muted">No challenges here yet. Create the first one.</p>
      ) : (
        <ul className="challenge-list">
          {challenges.map((challenge) => (
            <li key={challenge.id}>
              <article className="card">
                <h3>
                  <Link href={`/challenges/${challenge.id}`}>{challenge.title}</Link>{' '}
                  <ChallengeStatusBadge status={challenge.status} />
                </h3>
                <ChallengeMeta challenge={challenge} />
                <ChallengeProgress challenge={challenge} />
                <div className="challenge-actions">
                  <ChallengeMembershipButton challenge={challenge} />
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <p>
          <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </p>
      )}
    </section>
  );
}
