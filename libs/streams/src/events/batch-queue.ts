export interface BatchQueueOptions {
  /** Items one flush takes at most; more wait for the next. A full queue flushes at once. */
  maxBatch: number;
  /** How long items queued behind running flushes wait before they get a flush of their own, ms. */
  lingerMs: number;
  /** Flushes running at once. */
  maxParallel: number;
}

/**
 * Gathers what concurrently running stream handlers hand over into batches (a stream read dispatches
 * hundreds of entries at once). An item arriving while nothing runs is flushed at once, with whatever arrives
 * in the same turn; under load items queue behind the running flushes, so batches form only when there is a
 * wait anyway. `flush` receives a batch and a `release` it may call early (once the part that must not
 * overlap with the next flush is done); the batch's slot is released when `flush` settles in any case.
 */
export class BatchQueue<T> {
  private queue: T[] = [];
  private running = 0;
  private flushScheduled = false;
  private lingerTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: BatchQueueOptions,
    private readonly flush: (batch: T[], release: () => void) => Promise<void>,
  ) {}

  push(item: T): void {
    this.queue.push(item);
    if (this.queue.length >= this.options.maxBatch) this.flushIfRoom();
    else if (this.running === 0) this.scheduleFlush();
    else this.lingerTimer ??= setTimeout(() => this.lingered(), this.options.lingerMs);
  }

  // The same turn's items join the flush.
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
    if (this.queue.length === 0 || this.running >= this.options.maxParallel) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.running += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.running -= 1;
      if (this.queue.length > 0) this.flushIfRoom();
    };
    // `flush` reports its failures to the batch's own waiters; the slot is freed whatever happens.
    void this.flush(batch, release).then(release, release);
  }
}
