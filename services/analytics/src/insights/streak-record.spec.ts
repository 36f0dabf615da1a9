import { currentStreakLength, NO_STREAK, type StreakRecord } from './streak-record';

const run = (runStart: string, lastDay: string, longest: number): StreakRecord => ({
  runStart,
  lastDay,
  longest,
  version: 1,
});

describe('current streak', () => {
  it('is the latest run while it ends today or yesterday', () => {
    const record = run('2026-03-06', '2026-03-09', 4);
    expect(currentStreakLength(record, '2026-03-09')).toBe(4);
    expect(currentStreakLength(record, '2026-03-10')).toBe(4);
    expect(currentStreakLength(record, '2026-03-11')).toBe(0);
  });

  it('spans month and year ends', () => {
    expect(currentStreakLength(run('2026-12-30', '2027-01-02', 4), '2027-01-03')).toBe(4);
    expect(currentStreakLength(run('2028-02-28', '2028-03-01', 3), '2028-03-01')).toBe(3);
  });

  it('keeps a run recorded on a day that is still ahead in the zone now used', () => {
    expect(currentStreakLength(run('2026-03-08', '2026-03-10', 3), '2026-03-09')).toBe(3);
  });

  it('is 0 without any activity', () => {
    expect(currentStreakLength(NO_STREAK, '2026-03-09')).toBe(0);
  });
});
