'use client';

import type { ReactNode } from 'react';
import { describeJob, jobProgressValue, nextJobStep } from './job-polling';
import type { TransferJob } from './use-job';

/** A job's bar and state, announced as it changes; the finished job's result is the caller's `done`. */
export function JobStatus({ job, label, done }: { job: TransferJob; label: string; done: ReactNode }) {
  const step = nextJobStep(job);
  const value = jobProgressValue(job);
  return (
    <div className="job-status">
      {step.kind === 'poll' && <progress max={100} value={value} aria-label={label} />}
      <p role="status" aria-live="polite">
        {step.kind === 'failed' ? '' : describeJob(job)}
      </p>
      {step.kind === 'failed' && (
        <div className="alert" role="alert">
          <strong>{label} failed</strong>
          <div>{step.message}</div>
        </div>
      )}
      {step.kind === 'done' && done}
    </div>
  );
}
