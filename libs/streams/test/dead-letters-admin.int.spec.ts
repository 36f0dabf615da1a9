import { type RedisConnection } from '@tracera/redis';
import { sharedInfra, waitFor } from '@tracera/testing';
import { DeadLetters, NonRetryableError, runDeadLettersCommand, StreamPublisher } from '../src';
import {
  FAST,
  pendingCount,
  recordingHandler,
  StreamsTestBench,
  testEnvelope,
  uniqueStream,
} from './events-harness';

describe('dead letters: list and re-drive (real redis-server)', () => {
  let bench: StreamsTestBench;
  let redis: RedisConnection;
  let publisher: StreamPublisher;
  let deadLetters: DeadLetters;

  beforeAll(async () => {
    bench = new StreamsTestBench(sharedInfra().redisAddress);
    redis = await bench.command();
    publisher = new StreamPublisher(redis, { trimIntervalMs: 0 });
    deadLetters = new DeadLetters(redis);
  });

  afterAll(() => bench.close());

  /** A consumer that rejects everything until `healed`, and the stream it reads, holding `n` dead letters. */
  async function streamWithDeadLetters(n: number) {
    const stream = uniqueStream();
    let healed = false;
    const { handler, handled } = recordingHandler(() =>
      healed ? undefined : new NonRetryableError('downstream rejected it'),
    );
    await bench.consumer(redis, { stream, group: 'g', consumer: 'c1', handler, ...FAST }).start();
    const published = await publisher.publishMany(
      stream,
      Array.from({ length: n }, (_, i) => testEnvelope(i)),
    );
    await waitFor(async () => (await deadLetters.count(stream)) === n, { timeoutMs: 3000 });
    return { stream, published, handled, heal: () => (healed = true) };
  }

  it('lists dead letters with their error, original ids and deliveries', async () => {
    const { stream, published } = await streamWithDeadLetters(3);
    const letters = await deadLetters.list(stream);
    expect(letters.map((l) => l.entryId).sort()).toEqual([...published].sort());
    for (const letter of letters) {
      expect(letter).toMatchObject({
        reason: 'non-retryable',
        stream,
        group: 'g',
        consumer: 'c1',
        deliveries: 1,
      });
      expect(letter.error).toBe('NonRetryableError: downstream rejected it');
      expect(letter.fields.type).toBe('test.happened');
    }
    expect(await deadLetters.list(stream, { count: 1, after: letters[0].deadEntryId })).toEqual([letters[1]]);
  });

  it('re-drives one dead letter, then all: they are consumed again with their envelope ids', async () => {
    const { stream, handled, heal } = await streamWithDeadLetters(4);
    heal();
    const [first, ...others] = await deadLetters.list(stream);
    const newId = await deadLetters.redrive(stream, first.deadEntryId);
    expect(newId).not.toBeNull();
    await waitFor(() => handled.some((m) => m.entryId === newId), { timeoutMs: 3000 });
    expect(handled.find((m) => m.entryId === newId)?.envelope.id).toBe(first.fields.id);
    expect(await deadLetters.count(stream)).toBe(3);

    const moved = await deadLetters.redriveAll(stream);
    expect(moved.map((m) => m.deadEntryId)).toEqual(others.map((l) => l.deadEntryId));
    await waitFor(() => handled.length === 4, { timeoutMs: 3000 });
    expect(handled.map((m) => m.envelope.id).sort()).toEqual(
      [first, ...others].map((l) => l.fields.id).sort(),
    );
    expect(await deadLetters.count(stream)).toBe(0);
    await waitFor(async () => (await pendingCount(redis, stream, 'g')) === 0, { timeoutMs: 2000 });
  });

  it('answers null for an unknown dead letter and refuses one that belongs to another stream', async () => {
    const { stream } = await streamWithDeadLetters(1);
    expect(await deadLetters.redrive(stream, '1-0')).toBeNull();
    const [letter] = await deadLetters.list(stream);
    const elsewhere = new DeadLetters(redis, () => `${stream}:dead`);
    await expect(elsewhere.redrive(`${stream}x`, letter.deadEntryId)).rejects.toThrow(/belongs to stream/);
    expect(await deadLetters.count(stream)).toBe(1);
  });

  it('runs the command line: list, redrive, discard, usage', async () => {
    const { stream, handled, heal } = await streamWithDeadLetters(2);
    let output = '';
    const run = (...argv: string[]) => {
      output = '';
      return runDeadLettersCommand(argv, {
        deadLetters,
        keyPrefix: 'tr:',
        out: (text) => (output += text),
      });
    };
    expect(await run('list', stream)).toBe(0);
    expect(output).toMatch(/^2 dead letters in /);
    expect(output).toContain('NonRetryableError: downstream rejected it');
    expect(await run('list', stream, '--json', '--count', '1')).toBe(0);
    const [letter] = JSON.parse(output) as { deadEntryId: string }[];
    expect(await run('discard', stream, letter.deadEntryId)).toBe(0);
    heal();
    expect(await run('redrive', stream, '--all')).toBe(0);
    expect(output).toBe(`re-drove 1 dead letters to ${stream}\n`);
    await waitFor(() => handled.length === 1, { timeoutMs: 3000 });
    expect(await run('redrive', stream)).toBe(2);
    expect(output).toContain('usage:');
    expect(await run('frobnicate', 'content')).toBe(2);
    expect(output).toMatch(/^unknown command "frobnicate"/);
  });
});
