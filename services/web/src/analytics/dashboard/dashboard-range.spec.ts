import { dashboardRangeFromParam } from './dashboard-range';

describe('dashboardRangeFromParam', () => {
  it('accepts the ranges the API knows', () => {
    expect(dashboardRangeFromParam('7d')).toBe('7d');
    expect(dashboardRangeFromParam('365d')).toBe('365d');
  });

  it('falls back to 30 days for anything else', () => {
    expect(dashboardRangeFromParam(null)).toBe('30d');
    expect(dashboardRangeFromParam('14d')).toBe('30d');
    expect(dashboardRangeFromParam('')).toBe('30d');
  });
});
