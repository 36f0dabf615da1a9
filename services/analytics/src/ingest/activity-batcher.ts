import { Inject, Injectable } from '@nestjs/common';
import { BatchQueue } from '@tracera/streams';
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
 * Gathers the activity of concurrently handled events into one multi-row transaction ({@link BatchQueue}).
 * Content events' item changes ride along (one statement per batch instead of one per event), in arrival
 * order. `record` resolves once the batch is committed and its after-commit effects ran, or rejects with the
 * batch's error, so the event stays pending and is retried.
 */
@Injectable()
export class ActivityBatcher {
  private readonly batches: BatchQueue<Waiter>;

  constructor(@Inject(IngestActivityUseCase) private readonly ingest: BatchIngester) {
    this.batches = new BatchQueue(
      { maxBatch: MAX_BATCH_ACTIVITY, lingerMs: LINGER_MS, maxParallel: MAX_PARALLEL_FLUSHES },
      (batch, release) => this.flush(batch, release),
    );
  }

  /** The event's activity (null when it is none) and its change to the items read model, if any. */
  record(fact: ActivityFact | null, item?: ItemChange): Promise<void> {
    if (fact === null && item === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.batches.push({ fact, item, resolve, reject }));
  }

  /**
   * One transaction for the whole batch; its failure fails every waiter (their events are retried). The
   * next batch's transaction may start once this one committed (`release`): the after-commit effects are
   * idempotent and order-proof, so they overlap with it, and the waiters are resolved only when they are done.
   */
  private async flush(batch: Waiter[], release: () => void): Promise<void> {
    try {
      await this.ingest.execute(
        batch.flatMap((waiter) => waiter.fact ?? []),
        batch.flatMap((waiter) => waiter.item ?? []),
        release,
      );
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    }
  }
}
