import { ApiProblem } from '../../api/problem';
import {
  describeJob,
  isJobGone,
  JOB_POLL_INTERVAL_MS,
  jobProgressValue,
  jobRefetchInterval,
  nextJobStep,
} from './job-polling';

describe('job polling', () => {
  const job = (
    status: 'queued' | 'running' | 'done' | 'failed',
    progress = 0,
    error: string | null = null,
  ) => ({
    status,
    progress,
    error,
  });

  describe('nextJobStep', () => {
    it('keeps polling every second while the job is queued or running, or not yet known', () => {
      expect(nextJobStep(undefined)).toEqual({ kind: 'poll', afterMs: 1000 });
      expect(nextJobStep(job('queued'))).toEqual({ kind: 'poll', afterMs: JOB_POLL_INTERVAL_MS });
      expect(nextJobStep(job('running', 40))).toEqual({ kind: 'poll', afterMs: JOB_POLL_INTERVAL_MS });
    });

    it('stops when the job is done', () => {
      expect(nextJobStep(job('done', 100))).toEqual({ kind: 'done' });
    });

    it("stops on failure with the server's reason, or a fallback when it gave none", () => {
      expect(nextJobStep(job('failed', 10, 'the file is not a bookmarks export'))).toEqual({
        kind: 'failed',
        message: 'the file is not a bookmarks export',
      });
      expect(nextJobStep(job('failed', 10, '  '))).toEqual({
        kind: 'failed',
        message: 'The job failed without giving a reason.',
      });
    });
  });

  it('jobRefetchInterval gives the delay while polling and false once settled', () => {
    expect(jobRefetchInterval(job('running', 5))).toBe(JOB_POLL_INTERVAL_MS);
    expect(jobRefetchInterval(job('done', 100))).toBe(false);
    expect(jobRefetchInterval(job('failed'))).toBe(false);
  });

  it('stops polling a running job once the server says it is not ours or gone (403, 404, 410)', () => {
    for (const status of [403, 404, 410]) {
      const refused = new ApiProblem({ status, detail: 'No such job.' });
      expect(isJobGone(refused)).toBe(true);
      expect(jobRefetchInterval(job('running', 40), refused)).toBe(false);
    }
  });

  it('keeps polling through failures that may pass (server errors, throttling, the network)', () => {
    for (const error of [
      new ApiProblem({ status: 503 }),
      new ApiProblem({ status: 429 }),
      new TypeError('fetch'),
    ]) {
      expect(isJobGone(error)).toBe(false);
      expect(jobRefetchInterval(job('running', 40), error)).toBe(JOB_POLL_INTERVAL_MS);
    }
    expect(jobRefetchInterval(job('running', 40), null)).toBe(JOB_POLL_INTERVAL_MS);
  });

  describe('jobProgressValue', () => {
    it('is indeterminate while queued', () => {
      expect(jobProgressValue(job('queued'))).toBeUndefined();
    });

    it('clamps and rounds the running progress', () => {
      expect(jobProgressValue(job('running', 42.6))).toBe(43);
      expect(jobProgressValue(job('running', 140))).toBe(100);
      expect(jobProgressValue(job('running', -3))).toBe(0);
      expect(jobProgressValue(job('running', Number.NaN))).toBe(0);
    });

    it('is full once done', () => {
      expect(jobProgressValue(job('done', 97))).toBe(100);
    });
  });

  it('describeJob reads each state aloud', () => {
    expect(describeJob(job('queued'))).toBe('Waiting to start…');
    expect(describeJob(job('running', 30))).toBe('Working… 30 %');
    expect(describeJob(job('done', 100))).toBe('Finished.');
    expect(describeJob(job('failed'))).toBe('Failed.');
  });
});
