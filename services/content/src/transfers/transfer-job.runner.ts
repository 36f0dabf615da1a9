import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ExportJobProcessor } from './export-job.processor';
import { ImportJobProcessor } from './import-job.processor';
import { TransferJobLostError } from './transfer-job-lost.error';
import { TransferJobRepository } from './transfer-job.repository';
import { type TransferJobEntity } from './transfer-job.entity';

/** How often an idle runner looks for jobs queued by other replicas (its own wake it at once). */
const POLL_INTERVAL_MS = 1000;
const HEARTBEAT_INTERVAL_MS = 5000;
/** A running job whose heartbeat is this old belongs to a dead runner and is taken over. */
export const STALE_JOB_AFTER_MS = 30_000;
/** Claims after which a job that keeps failing is given up. */
const MAX_ATTEMPTS = 5;

/**
 * One per replica: claims import and export jobs one at a time (FOR UPDATE SKIP LOCKED, so replicas share
 * the queue), heartbeats while working, and takes over jobs whose runner stopped heartbeating.
 */
@Injectable()
export class TransferJobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TransferJobs');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingKick = false;

  constructor(
    private readonly jobs: TransferJobRepository,
    private readonly imports: ImportJobProcessor,
    private readonly exports: ExportJobProcessor,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.claimLoop();
  }

  /** Finishes the batch in progress and stops; an unfinished import goes back to the queue for any runner. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** A job was just queued in this process: look now instead of at the next poll. */
  kick(): void {
    this.pendingKick = true;
    this.wake?.();
  }

  private async claimLoop(): Promise<void> {
    while (this.running) {
      this.pendingKick = false;
      let job: TransferJobEntity | null = null;
      try {
        job = await this.jobs.claimNext(STALE_JOB_AFTER_MS);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not claim a transfer job');
      }
      if (job !== null) await this.process(job);
      else if (!this.pendingKick) await this.pause(POLL_INTERVAL_MS);
    }
  }

  private async process(job: TransferJobEntity): Promise<void> {
    let held = true;
    const heartbeat = setInterval(() => {
      this.jobs.heartbeat(job.id, job.attempt).then(
        (stillHeld) => {
          held &&= stillHeld;
        },
        (error: unknown) => this.logger.warn({ err: error }, `heartbeat of job ${job.id} failed`),
      );
    }, HEARTBEAT_INTERVAL_MS);
    const keepGoing = () => this.running && held;
    try {
      if (job.attempt > MAX_ATTEMPTS)
        await this.failerOf(job).fail(job, 'the job failed repeatedly and was given up');
      else if (job.kind === 'export') await this.exports.run(job);
      else if (!(await this.imports.run(job, keepGoing)) && !this.running) {
        await this.jobs.release(job.id, job.attempt);
      }
    } catch (error) {
      if (error instanceof TransferJobLostError) {
        this.logger.warn(error.message);
      } else {
        // Left running: its heartbeat stops, so a runner takes it over (as a new attempt) once it is stale.
        this.logger.error({ err: error }, `transfer job ${job.id} (attempt ${job.attempt}) failed`);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private failerOf(job: TransferJobEntity): ImportJobProcessor | ExportJobProcessor {
    return job.kind === 'import' ? this.imports : this.exports;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
