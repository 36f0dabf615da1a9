import { Inject, Injectable } from '@nestjs/common';
import { BatchQueue } from '@tracera/streams';
import { ApplyItemChangeUseCase } from '../use-cases/apply-item-change.use-case';
import { type IndexedView } from './search-document';

/** Snapshots applied by one flush at most; more wait for the next. */
export const MAX_BATCH_ITEMS = 500;
/** How long a snapshot queued behind running flushes waits before it gets a flush of its own. */
export const LINGER_MS = 5;
/** Flushes running at once: a second lets other users' snapshots pass a long one. */
export const MAX_PARALLEL_FLUSHES = 2;
/**
 * Users' transactions one flush runs at once; with {@link MAX_PARALLEL_FLUSHES} this bounds the connections
 * item events hold to the 16 the consumer's former concurrency did, leaving the pool to searches.
 */
export const USERS_PER_FLUSH_AT_ONCE = 8;

interface Waiter {
  userId: string;
  snapshot: IndexedView;
  resolve: (applied: boolean) => void;
  reject: (error: unknown) => void;
}

type BatchApplier = Pick<ApplyItemChangeUseCase, 'executeBatch'>;

/**
 * Gathers the item snapshots handled concurrently into few transactions ({@link BatchQueue}); an import's
 * thousands of events otherwise cost one locked transaction each. `apply` resolves once the snapshot's batch
 * is committed and the user's cached results are invalidated, or rejects with the batch's error, so the event
 * is retried.
 */
@Injectable()
export class ItemChangeBatcher {
  private readonly batches: BatchQueue<Waiter>;

  constructor(@Inject(ApplyItemChangeUseCase) private readonly applier: BatchApplier) {
    this.batches = new BatchQueue(
      { maxBatch: MAX_BATCH_ITEMS, lingerMs: LINGER_MS, maxParallel: MAX_PARALLEL_FLUSHES },
      (batch) => this.flush(batch),
    );
  }

  /** Whether the snapshot landed (false: a newer version or a tombstone was stored already). */
  apply(userId: string, snapshot: IndexedView): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) =>
      this.batches.push({ userId, snapshot, resolve, reject }),
    );
  }

  /** Each user's snapshots in one transaction; one user's failure fails only that user's waiters. */
  private async flush(batch: Waiter[]): Promise<void> {
    const byUser = new Map<string, Waiter[]>();
    for (const waiter of batch) {
      const waiters = byUser.get(waiter.userId);
      if (waiters === undefined) byUser.set(waiter.userId, [waiter]);
      else waiters.push(waiter);
    }
    const users = [...byUser];
    const writeNextUser = async (): Promise<void> => {
      for (let next = users.shift(); next !== undefined; next = users.shift()) {
        const [userId, waiters] = next;
        try {
          const applied = await this.applier.executeBatch(
            userId,
            waiters.map((waiter) => waiter.snapshot),
          );
          waiters.forEach((waiter, index) => waiter.resolve(applied[index]));
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(USERS_PER_FLUSH_AT_ONCE, users.length) }, writeNextUser));
  }
}
