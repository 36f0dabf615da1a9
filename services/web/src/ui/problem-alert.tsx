'use client';

import { problemOf } from '../api/problem';

/** A failed request as the person should read it: the problem's `detail`, never a stack trace. */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const problem = problemOf(error);
  return (
    <div className="alert" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail !== problem.title && <div>{problem.detail}</div>}
      {problem.retryAfterSeconds !== undefined && (
        <div className="muted">Try again in {problem.retryAfterSeconds} s.</div>
      )}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
