/**
 * Import and export jobs run on the server; the page asks again every second until the job settles. This
 * module decides, from the last answer, whether to ask again and what the person should see meanwhile.
 */
import { ApiProblem } from '../../api/problem';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobSnapshot {
  status: JobStatus;
  /** Percent, 0–100. */
  progress: number;
  error: string | null;
}

export const JOB_POLL_INTERVAL_MS = 1000;

export type JobStep =
  { kind: 'poll'; afterMs: number } | { kind: 'done' } | { kind: 'failed'; message: string };

const FAILED_WITHOUT_REASON = 'The job failed without giving a reason.';

export function nextJobStep(job: JobSnapshot | undefined): JobStep {
  if (job === undefined) return { kind: 'poll', afterMs: JOB_POLL_INTERVAL_MS };
  switch (job.status) {
    case 'done':
      return { kind: 'done' };
    case 'failed':
      return { kind: 'failed', message: job.error?.trim() || FAILED_WITHOUT_REASON };
    case 'queued':
    case 'running':
      return { kind: 'poll', afterMs: JOB_POLL_INTERVAL_MS };
  }
}

/** Refusals that asking again cannot change: the job is not the person's (403), or was cleaned up (404, 410). */
const JOB_GONE_STATUSES: readonly number[] = [403, 404, 410];

/** Whether the last request for the job was refused for good (its problem stays on screen, the bar goes). */
export function isJobGone(error: unknown): boolean {
  return error instanceof ApiProblem && JOB_GONE_STATUSES.includes(error.status);
}

/**
 * For TanStack Query's `refetchInterval`: the delay while the job runs, `false` once it has settled or the
 * job is gone. `job` is the last good answer, so without `error` a vanished job would be polled forever.
 */
export function jobRefetchInterval(job: JobSnapshot | undefined, error?: unknown): number | false {
  if (isJobGone(error)) return false;
  const step = nextJobStep(job);
  return step.kind === 'poll' ? step.afterMs : false;
}

/**
 * The `<progress>` value: undefined (an indeterminate bar) while queued, since 0 % would look stuck;
 * otherwise the progress clamped to 0–100, and 100 once done whatever the server counted.
 */
export function jobProgressValue(job: JobSnapshot): number | undefined {
  if (job.status === 'queued') return undefined;
  if (job.status === 'done') return 100;
  const progress = Number.isFinite(job.progress) ? job.progress : 0;
  return Math.min(100, Math.max(0, Math.round(progress)));
}

/** A short sentence for the live region, so screen readers hear each change of state. */
export function describeJob(job: JobSnapshot): string {
  switch (job.status) {
    case 'queued':
      return 'Waiting to start…';
    case 'running':
      return `Working… ${jobProgressValue(job)} %`;
    case 'done':
      return 'Finished.';
    case 'failed':
      return 'Failed.';
  }
}
