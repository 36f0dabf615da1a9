import { RestartBackoff } from './restart-backoff';

describe('RestartBackoff', () => {
  it('doubles the delay after each quick crash, up to the cap', () => {
    const backoff = new RestartBackoff({ initialMs: 500, maxMs: 4000, resetAfterMs: 30_000 });

    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next(100))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('starts again from the first delay once the process stayed up long enough', () => {
    const backoff = new RestartBackoff({ initialMs: 500, maxMs: 30_000, resetAfterMs: 30_000 });
    backoff.next(100);
    backoff.next(100);

    expect(backoff.next(31_000)).toBe(500);
    expect(backoff.next(100)).toBe(1000);
  });
});
