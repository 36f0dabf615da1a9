import { ItemChangeBatcher, MAX_BATCH_ITEMS } from './item-change-batcher';
import { type IndexedView } from './search-document';

type Batch = { userId: string; snapshots: IndexedView[] };

function noteSnapshot(id: string, version = 1): IndexedView {
  const at = '2026-11-01T10:00:00.000Z';
  return {
    type: 'note',
    item: {
      id,
      title: id,
      body: '',
      pinned: false,
      tags: [],
      collectionId: null,
      createdAt: at,
      updatedAt: at,
      version,
    },
  };
}

/** Records each batch the batcher writes; each write waits until `release` is called (or fails). */
class RecordingApplier {
  readonly batches: Batch[] = [];
  private pending: { resolve: () => void; reject: (error: Error) => void }[] = [];

  executeBatch(userId: string, snapshots: IndexedView[]): Promise<boolean[]> {
    this.batches.push({ userId, snapshots });
    return new Promise<boolean[]>((resolve, reject) => {
      this.pending.push({ resolve: () => resolve(snapshots.map(() => true)), reject });
    });
  }

  release(): void {
    for (const write of this.pending.splice(0)) write.resolve();
  }

  fail(error: Error): void {
    for (const write of this.pending.splice(0)) write.reject(error);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function batcherWith(applier: RecordingApplier): ItemChangeBatcher {
  return new ItemChangeBatcher(applier);
}

describe('ItemChangeBatcher', () => {
  it('writes a lone snapshot at once, without waiting for company', async () => {
    const applier = new RecordingApplier();
    const applied = batcherWith(applier).apply('u1', noteSnapshot('a'));
    await nextTurn();
    expect(applier.batches).toEqual([{ userId: 'u1', snapshots: [noteSnapshot('a')] }]);
    applier.release();
    await expect(applied).resolves.toBe(true);
  });

  it('queues snapshots arriving during a write and writes them together, one transaction per user', async () => {
    const applier = new RecordingApplier();
    const batcher = batcherWith(applier);
    const first = batcher.apply('u1', noteSnapshot('a'));
    await nextTurn();
    const later = [
      batcher.apply('u1', noteSnapshot('b')),
      batcher.apply('u2', noteSnapshot('c')),
      batcher.apply('u1', noteSnapshot('d')),
    ];
    applier.release();
    await first;
    await nextTurn();
    expect(applier.batches.slice(1)).toEqual([
      { userId: 'u1', snapshots: [noteSnapshot('b'), noteSnapshot('d')] },
      { userId: 'u2', snapshots: [noteSnapshot('c')] },
    ]);
    applier.release();
    await expect(Promise.all(later)).resolves.toEqual([true, true, true]);
  });

  it('never writes more than the batch limit at once', async () => {
    const applier = new RecordingApplier();
    const batcher = batcherWith(applier);
    const all = Array.from({ length: MAX_BATCH_ITEMS + 10 }, (_, index) =>
      batcher.apply('u1', noteSnapshot(`n${index}`)),
    );
    await nextTurn();
    expect(applier.batches.map((batch) => batch.snapshots.length)).toEqual([MAX_BATCH_ITEMS, 10]);
    applier.release();
    await Promise.all(all);
  });

  it('hands a failed write’s error to every snapshot of it, so each event is retried', async () => {
    const applier = new RecordingApplier();
    const batcher = batcherWith(applier);
    const first = batcher.apply('u1', noteSnapshot('a'));
    await nextTurn();
    const queued = [batcher.apply('u1', noteSnapshot('b')), batcher.apply('u1', noteSnapshot('c'))];
    applier.release();
    await first;
    await nextTurn();
    const failure = new Error('connection lost');
    applier.fail(failure);
    for (const result of queued) await expect(result).rejects.toBe(failure);

    // The batcher keeps working after a failure.
    const retried = batcher.apply('u1', noteSnapshot('b'));
    await nextTurn();
    applier.release();
    await expect(retried).resolves.toBe(true);
  });
});
