'use client';

import { useState } from 'react';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { SegmentedControl } from '../segmented-control';
import { type TrendingWindow, useTrending } from './dashboard-queries';
import { TagCountList } from './top-tags';

const WINDOWS = [
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
] as const;

/** What everyone has been saving lately: domains and tags. */
export function TrendingPanel() {
  const [window, setWindow] = useState<TrendingWindow>('24h');
  const trending = useTrending(window);
  return (
    <section className="card" aria-labelledby="trending-heading">
      <div className="card-header">
        <h2 id="trending-heading">Trending</h2>
        <SegmentedControl label="Trending window" options={WINDOWS} value={window} onChange={setWindow} />
      </div>
      {trending.isPending ? (
        <LoadingState label="Loading what is trending" />
      ) : trending.isError ? (
        <ProblemAlert error={trending.error} onRetry={() => void trending.refetch()} />
      ) : (
        <div className="trending">
          <div>
            <h3>Domains</h3>
            {trending.data.domains.length === 0 ? (
              <p className="muted">No bookmarks saved in this window.</p>
            ) : (
              <ol className="count-list">
                {trending.data.domains.map(({ domain, count }) => (
                  <li key={domain}>
                    <span>{domain}</span>
                    <span className="muted">{count}</span>
                  </li>
                ))}
              </ol>
            )}
          </div>
          <div>
            <h3>Tags</h3>
            {trending.data.tags.length === 0 ? (
              <p className="muted">No tags used in this window.</p>
            ) : (
              <TagCountList tags={trending.data.tags} />
            )}
          </div>
        </div>
      )}
    </section>
  );
}
