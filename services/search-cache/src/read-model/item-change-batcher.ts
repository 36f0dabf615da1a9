import { Inject, Injectable } from '@nestjs/common';
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
 * Gathers the item snapshots handled concurrently into few transactions (an import's thousands of events
 * otherwise cost one locked transaction each). A snapshot arriving while nothing runs is flushed at once
 * (only with those handed over in the same turn); under load snapshots queue behind the running flush, so
 * batches form only when there is a wait anyway. `apply` resolves once the snapshot's batch is committed and
 * the user's cached results are invalidated, or rejects with the batch's error, so the event is retried.
 */
@Injectable()
export class ItemChangeBatcher {
  private queue: Waiter[] = [];
  private running = 0;
  private flushScheduled = false;
  private lingerTimer?: NodeJS.Timeout;

  constructor(@Inject(ApplyItemChangeUseCase) private readonly applier: BatchApplier) {}

  /** Whether the snapshot landed (false: a newer version or a tombstone was stored already). */
  apply(userId: string, snapshot: IndexedView): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ userId, snapshot, resolve, reject });
      if (this.queue.length >= MAX_BATCH_ITEMS) this.flushIfRoom();
      else if (this.running === 0) this.scheduleFlush();
      else this.lingerTimer ??= setTimeout(() => this.lingered(), LINGER_MS);
    });
  }

  // The same turn's snapshots (a stream read dispatches many at once) join the flush.
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
    const batch = this.queue.splice(0, MAX_BATCH_ITEMS);
    this.running += 1;
    void this.flush(batch).finally(() => {
      this.running -= 1;
      if (this.queue.length > 0) this.flushIfRoom();
    });
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
