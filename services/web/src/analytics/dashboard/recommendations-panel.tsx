'use client';

import Link from 'next/link';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { useRecommendations } from './dashboard-queries';

const TYPE_LABELS = { bookmark: 'Bookmark', note: 'Note', task: 'Task', file: 'File' } as const;

/** Items related to what the person worked on lately, each opening in its library page. */
export function RecommendationsPanel() {
  const recommendations = useRecommendations();
  return (
    <section className="card" aria-labelledby="recommendations-heading">
      <h2 id="recommendations-heading">Recommended for you</h2>
      {recommendations.isPending ? (
        <LoadingState label="Loading recommendations" />
      ) : recommendations.isError ? (
        <ProblemAlert error={recommendations.error} onRetry={() => void recommendations.refetch()} />
      ) : recommendations.data.items.length === 0 ? (
        <p className="muted">Nothing to recommend yet: save and write a few things first.</p>
      ) : (
        <ul className="recommendations">
          {recommendations.data.items.map((item) => (
            <li key={`${item.type}:${item.id}`}>
              <span className="badge-type">{TYPE_LABELS[item.type]}</span>
              <Link href={`/library/${item.type}s?item=${encodeURIComponent(item.id)}`}>
                {item.title || 'Untitled'}
              </Link>
              <span className="muted recommendation-reason">{item.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
