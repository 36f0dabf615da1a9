import { type LoggerService } from '@nestjs/common';
import { register } from 'prom-client';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';
import { DeadlineExceededError } from './deadline';

const quiet: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const fail = () => Promise.reject(new Error('redis down'));
const ok = () => Promise.resolve('fresh');

async function metricValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = register.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  return values.find((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))?.value;
}

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures and then fails fast without calling', async () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      name: 'open-test',
      failureThreshold: 3,
      resetTimeoutMs: 1000,
      now: time.now,
      logger: quiet,
    });
    for (let i = 0; i < 3; i++) await expect(breaker.execute(fail)).rejects.toThrow('redis down');
    expect(breaker.state).toBe('open');
    const work = jest.fn(ok);
    await expect(breaker.execute(work)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(work).not.toHaveBeenCalled();
  });

  it('resets the failure count on success (only consecutive failures count)', async () => {
    const breaker = new CircuitBreaker({ name: 'consecutive', failureThreshold: 2, logger: quiet });
    await expect(breaker.execute(fail)).rejects.toThrow();
    await breaker.execute(ok);
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(breaker.state).toBe('closed');
  });

  it('answers refused and failed calls with the fallback when given', async () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      name: 'fallback-test',
      failureThreshold: 1,
      resetTimeoutMs: 1000,
      now: time.now,
      logger: quiet,
    });
    await expect(breaker.execute(fail, () => 'from source')).resolves.toBe('from source');
    const seen: unknown[] = [];
    await expect(
      breaker.execute(ok, (error) => {
        seen.push(error);
        return 'from source';
      }),
    ).resolves.toBe('from source');
    expect(seen[0]).toBeInstanceOf(CircuitOpenError);
  });

  it('lets exactly one probe through after the cool-down; success closes', async () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      name: 'probe-success',
      failureThreshold: 1,
      resetTimeoutMs: 1000,
      now: time.now,
      logger: quiet,
    });
    await expect(breaker.execute(fail)).rejects.toThrow();
    time.advance(999);
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    time.advance(1);
    expect(breaker.state).toBe('half-open');

    let release!: (value: string) => void;
    const probe = breaker.execute(() => new Promise<string>((resolve) => (release = resolve)));
    await Promise.resolve();
    // While the probe is in flight everything else is refused.
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    release('probe ok');
    await expect(probe).resolves.toBe('probe ok');
    expect(breaker.state).toBe('closed');
    await expect(breaker.execute(ok)).resolves.toBe('fresh');
  });

  it('re-opens when the probe fails and waits a full cool-down again', async () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      name: 'probe-failure',
      failureThreshold: 2,
      resetTimeoutMs: 500,
      now: time.now,
      logger: quiet,
    });
    await expect(breaker.execute(fail)).rejects.toThrow();
    await expect(breaker.execute(fail)).rejects.toThrow();
    time.advance(500);
    await expect(breaker.execute(fail)).rejects.toThrow('redis down');
    expect(breaker.state).toBe('open');
    time.advance(499);
    await expect(breaker.execute(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    time.advance(1);
    await expect(breaker.execute(ok)).resolves.toBe('fresh');
  });

  it('counts a call that outlives callTimeoutMs as a failure', async () => {
    jest.useFakeTimers();
    try {
      const breaker = new CircuitBreaker({
        name: 'timeout-test',
        failureThreshold: 1,
        callTimeoutMs: 100,
        logger: quiet,
      });
      const hanging = breaker.execute(() => new Promise<string>(() => undefined));
      const settled = expect(hanging).rejects.toBeInstanceOf(DeadlineExceededError);
      await jest.advanceTimersByTimeAsync(100);
      await settled;
      expect(breaker.state).toBe('open');
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts a synchronous throw as a failure', async () => {
    const breaker = new CircuitBreaker({ name: 'sync-throw', failureThreshold: 1, logger: quiet });
    await expect(
      breaker.execute(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(breaker.state).toBe('open');
  });

  it('exports its state and call outcomes, and two breakers share the metrics without throwing', async () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      name: 'metrics-test',
      failureThreshold: 1,
      resetTimeoutMs: 1000,
      now: time.now,
      logger: quiet,
    });
    const twin = new CircuitBreaker({ name: 'metrics-test', logger: quiet });
    expect(twin.state).toBe('closed');
    await breaker.execute(ok);
    await expect(breaker.execute(fail)).rejects.toThrow();
    expect(await metricValue('tracera_circuit_breaker_state', { breaker: 'metrics-test' })).toBe(2);
    await expect(breaker.execute(ok, () => 'fallback')).resolves.toBe('fallback');
    time.advance(1000);
    await breaker.execute(ok);
    expect(await metricValue('tracera_circuit_breaker_state', { breaker: 'metrics-test' })).toBe(0);
    const calls = (outcome: string) =>
      metricValue('tracera_circuit_breaker_calls_total', { breaker: 'metrics-test', outcome });
    expect(await calls('success')).toBe(2);
    expect(await calls('failure')).toBe(1);
    expect(await calls('rejected')).toBe(1);
    expect(await calls('fallback')).toBe(1);
  });

  it('refuses a nonsensical threshold', () => {
    expect(() => new CircuitBreaker({ name: 'bad', failureThreshold: 0 })).toThrow(/failureThreshold/);
  });
});
