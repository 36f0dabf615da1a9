import { ActivityBatcher, LINGER_MS, MAX_BATCH_ACTIVITY } from './activity-batcher';
import { type ActivityFact } from './activity-mapping';

function fact(eventId: string, userId = 'u1'): ActivityFact {
  return {
    eventId,
    userId,
    type: 'note_created',
    occurredAt: new Date('2026-11-01T10:00:00.000Z'),
    subjectId: null,
    tags: [],
    domain: null,
  };
}

/** Records each batch the batcher writes; each write waits until `release` or `fail` is called. */
class RecordingIngester {
  readonly batches: string[][] = [];
  private pending: { resolve: () => void; reject: (error: Error) => void }[] = [];

  private committing: (() => void)[] = [];

  execute(facts: ActivityFact[], _items: unknown, committed?: () => void): Promise<[]> {
    this.batches.push(facts.map((entry) => entry.eventId));
    if (committed) this.committing.push(committed);
    return new Promise<[]>((resolve, reject) => {
      this.pending.push({ resolve: () => resolve([]), reject });
    });
  }

  /** The running batches' transactions commit; their after-commit effects still run. */
  commit(): void {
    for (const committed of this.committing.splice(0)) committed();
  }

  release(): void {
    for (const write of this.pending.splice(0)) write.resolve();
  }

  fail(error: Error): void {
    for (const write of this.pending.splice(0)) write.reject(error);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ActivityBatcher', () => {
  it('writes a lone activity at once, without waiting for company', async () => {
    const ingester = new RecordingIngester();
    const recorded = new ActivityBatcher(ingester).record(fact('a'));
    await nextTurn();
    expect(ingester.batches).toEqual([['a']]);
    ingester.release();
    await expect(recorded).resolves.toBeUndefined();
  });

  it("writes one turn's activity of several people in one batch", async () => {
    const ingester = new RecordingIngester();
    const batcher = new ActivityBatcher(ingester);
    const recorded = [
      batcher.record(fact('a', 'u1')),
      batcher.record(fact('b', 'u2')),
      batcher.record(fact('c', 'u1')),
    ];
    await nextTurn();
    expect(ingester.batches).toEqual([['a', 'b', 'c']]);
    ingester.release();
    await Promise.all(recorded);
  });

  it('queues activity behind the running flush and writes it together', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const ingester = new RecordingIngester();
      const batcher = new ActivityBatcher(ingester);
      const first = batcher.record(fact('a'));
      await nextTurn();
      const queued = [batcher.record(fact('b')), batcher.record(fact('c'))];
      await nextTurn();
      jest.advanceTimersByTime(LINGER_MS);
      // One flush at a time: the newcomers wait for it, however long it takes.
      expect(ingester.batches).toEqual([['a']]);
      queued.push(batcher.record(fact('d')));
      ingester.release();
      await first;
      await nextTurn();
      expect(ingester.batches).toEqual([['a'], ['b', 'c', 'd']]);
      ingester.release();
      await Promise.all(queued);
    } finally {
      jest.useRealTimers();
    }
  });

  it('caps a batch and leaves the rest for the next', async () => {
    const ingester = new RecordingIngester();
    const batcher = new ActivityBatcher(ingester);
    const recorded = Array.from({ length: MAX_BATCH_ACTIVITY + 3 }, (_, index) =>
      batcher.record(fact(`e${index}`)),
    );
    await nextTurn();
    expect(ingester.batches.map((batch) => batch.length)).toEqual([MAX_BATCH_ACTIVITY]);
    ingester.release();
    await nextTurn();
    expect(ingester.batches.map((batch) => batch.length)).toEqual([MAX_BATCH_ACTIVITY, 3]);
    ingester.release();
    await Promise.all(recorded);
  });

  it('fails every waiter of a failed batch, so each event is retried, and goes on with the next', async () => {
    const ingester = new RecordingIngester();
    const batcher = new ActivityBatcher(ingester);
    const failing = [batcher.record(fact('a', 'u1')), batcher.record(fact('b', 'u2'))];
    await nextTurn();
    ingester.fail(new Error('database gone'));
    for (const recorded of failing) await expect(recorded).rejects.toThrow('database gone');
    const next = batcher.record(fact('a', 'u1'));
    await nextTurn();
    expect(ingester.batches).toEqual([['a', 'b'], ['a']]);
    ingester.release();
    await expect(next).resolves.toBeUndefined();
  });

  it("starts the next batch's transaction once the running one committed, and resolves each batch when done", async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const ingester = new RecordingIngester();
      const batcher = new ActivityBatcher(ingester);
      let firstDone = false;
      const first = batcher.record(fact('a')).then(() => (firstDone = true));
      await nextTurn();
      const second = batcher.record(fact('b'));
      jest.advanceTimersByTime(LINGER_MS);
      expect(ingester.batches).toEqual([['a']]);
      ingester.commit();
      await nextTurn();
      // The first batch's after-commit effects still run: its event is not done, the next batch is written.
      expect(ingester.batches).toEqual([['a'], ['b']]);
      expect(firstDone).toBe(false);
      ingester.release();
      await Promise.all([first, second]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('routes item changes of events with and without activity through the batch, in arrival order', async () => {
    const ingester = new RecordingIngester();
    const items: unknown[][] = [];
    const recordItems = ingester.execute.bind(ingester);
    ingester.execute = (facts, changes, committed) => {
      items.push(changes as unknown[]);
      return recordItems(facts, changes, committed);
    };
    const batcher = new ActivityBatcher(ingester);
    const rename = { kind: 'tag', userId: 'u1', from: 'x', into: 'y' } as const;
    const deletion = { kind: 'deletion', userId: 'u1', type: 'note', id: 'n1', version: 3 } as const;
    const recorded = [
      batcher.record(fact('a'), deletion),
      batcher.record(null, rename),
      batcher.record(fact('b')),
      batcher.record(null),
    ];
    await nextTurn();
    expect(ingester.batches).toEqual([['a', 'b']]);
    expect(items).toEqual([[deletion, rename]]);
    ingester.release();
    await Promise.all(recorded);
  });
});
