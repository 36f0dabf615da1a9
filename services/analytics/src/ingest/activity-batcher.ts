import { Inject, Injectable } from '@nestjs/common';
import { type ItemChange } from '../recommendations/items-read-model';
import { type ActivityFact } from './activity-mapping';
import { IngestActivityUseCase } from './ingest-activity.use-case';

/** Events written by one flush at most (two stream reads' worth); more wait for the next. */
export const MAX_BATCH_ACTIVITY = 2000;
/** How long activity queued behind running flushes waits before it gets a flush of its own. */
export const LINGER_MS = 5;
/**
 * Transactions running at once. One: concurrent batches nearly always share people, so a second flush would
 * only wait on the first one's user locks while holding a connection; queueing instead makes the next batch
 * bigger. (A committed flush's after-commit effects do not count: they overlap with the next transaction.)
 */
export const MAX_PARALLEL_FLUSHES = 1;

interface Waiter {
  fact: ActivityFact | null;
  item?: ItemChange;
  resolve: () => void;
  reject: (error: unknown) => void;
}

type BatchIngester = Pick<IngestActivityUseCase, 'execute'>;

/**
 * Gathers the activity of concurrently handled events into one multi-row transaction (a stream read hands
 * hundreds of events to the handlers at once). Activity arriving while nothing runs is flushed at once (with
 * whatever arrived in the same turn); under load it queues behind the running flush, so batches form only
 * when there is a wait anyway. Content events' item changes ride along in the same transaction (one statement
 * per batch instead of one per event), in arrival order. `record` resolves once the batch is committed and its after-commit effects
 * ran, or rejects with the batch's error, so the event stays pending and is retried.
 */
@Injectable()
export class ActivityBatcher {
  private queue: Waiter[] = [];
  private running = 0;
  private flushScheduled = false;
  private lingerTimer?: NodeJS.Timeout;

  constructor(@Inject(IngestActivityUseCase) private readonly ingest: BatchIngester) {}

  /** The event's activity (null when it is none) and its change to the items read model, if any. */
  record(fact: ActivityFact | null, item?: ItemChange): Promise<void> {
    if (fact === null && item === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ fact, item, resolve, reject });
      if (this.queue.length >= MAX_BATCH_ACTIVITY) this.flushIfRoom();
      else if (this.running === 0) this.scheduleFlush();
      else this.lingerTimer ??= setTimeout(() => this.lingered(), LINGER_MS);
    });
  }

  // The same turn's activity (a stream read dispatches many events at once) joins the flush.
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushIfRoom();
    });
  }

  private lingered(): void {
    this.lingerTimer = undefined;
    this.flushIfRoom();
  }

  private flushIfRoom(): void {
    if (this.queue.length === 0 || this.running >= MAX_PARALLEL_FLUSHES) return;
    const batch = this.queue.splice(0, MAX_BATCH_ACTIVITY);
    this.running += 1;
    void this.flush(batch);
  }

  /**
   * One transaction for the whole batch; its failure fails every waiter (their events are retried). The
   * next batch's transaction may start once this one committed: the after-commit effects are idempotent and
   * order-proof, so they overlap with it, and the waiters are resolved only when they are done.
   */
  private async flush(batch: Waiter[]): Promise<void> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.running -= 1;
      if (this.queue.length > 0) this.flushIfRoom();
    };
    try {
      await this.ingest.execute(
        batch.flatMap((waiter) => waiter.fact ?? []),
        batch.flatMap((waiter) => waiter.item ?? []),
        release,
      );
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    } finally {
      release();
    }
  }
}
