import { retryDelayMs, StreamConsumer } from './stream-consumer';
import { type StreamConsumerConnections } from './stream-consumer-connections';

describe('StreamConsumer options', () => {
  const connections = {} as StreamConsumerConnections;
  const base = { stream: 's', group: 'g', consumer: 'c', handler: () => Promise.resolve(), metrics: false };

  it('doubles the retry wait with every delivery, up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((d) => retryDelayMs(d, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelayMs(1000, 100, 30_000)).toBe(30_000);
  });

  it('refuses a BLOCK of 0 (forever) and other impossible settings', () => {
    expect(() => new StreamConsumer({ ...base, blockMs: 0 }, connections)).toThrow(/blockMs/);
    expect(() => new StreamConsumer({ ...base, concurrency: 1.5 }, connections)).toThrow(/concurrency/);
    expect(() => new StreamConsumer({ ...base, retryBackoffMs: -1 }, connections)).toThrow(/retryBackoffMs/);
    expect(() => new StreamConsumer({ ...base, group: '' }, connections)).toThrow(/required/);
  });

  it('takes the defaults for what is left out, and the stream and group it was given', () => {
    const consumer = new StreamConsumer(base, connections);
    expect(consumer.stream).toBe('s');
    expect(consumer.group).toBe('g');
    expect(consumer.inFlightCount).toBe(0);
  });
});
