import { BatchQueue } from './batch-queue';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchQueue', () => {
  it('flushes what arrives in one turn together, and full batches at once', async () => {
    const flushed: number[][] = [];
    const queue = new BatchQueue<number>({ maxBatch: 3, lingerMs: 5, maxParallel: 2 }, (batch) => {
      flushed.push(batch);
      return Promise.resolve();
    });
    for (const item of [1, 2]) queue.push(item);
    await turn();
    expect(flushed).toEqual([[1, 2]]);
    for (const item of [3, 4, 5, 6]) queue.push(item);
    expect(flushed).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    await turn();
    expect(flushed).toEqual([[1, 2], [3, 4, 5], [6]]);
  });

  it('queues behind a running flush until it settles or releases its slot early', async () => {
    const flushed: number[][] = [];
    const releases: (() => void)[] = [];
    const finishes: (() => void)[] = [];
    const queue = new BatchQueue<number>({ maxBatch: 10, lingerMs: 1, maxParallel: 1 }, (batch, release) => {
      flushed.push(batch);
      releases.push(release);
      return new Promise<void>((resolve) => finishes.push(resolve));
    });
    queue.push(1);
    await turn();
    queue.push(2);
    queue.push(3);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(flushed).toEqual([[1]]);
    releases[0]();
    expect(flushed).toEqual([[1], [2, 3]]);
    finishes[0]();
    finishes[1]();
    await turn();
    expect(flushed).toEqual([[1], [2, 3]]);
  });
});
