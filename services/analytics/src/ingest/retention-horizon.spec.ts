import { retentionCutoff, rollupHorizon } from './retention-horizon';

describe('retention horizon', () => {
  const now = new Date('2026-11-23T20:41:22.308Z');

  it('cuts raw activity off exactly the retention period ago', () => {
    expect(retentionCutoff(now, 730).toISOString()).toBe('2024-11-23T20:41:22.308Z');
  });

  it('recomputes rollups only from the first whole hour, and the first local day whole in every zone', () => {
    expect(rollupHorizon(now, 730)).toEqual({
      hour: new Date('2024-11-23T21:00:00.000Z'),
      day: '2024-11-25',
    });
    expect(rollupHorizon(new Date('2026-11-23T00:00:00.000Z'), 400).hour.toISOString()).toBe(
      '2025-10-19T00:00:00.000Z',
    );
  });
});
