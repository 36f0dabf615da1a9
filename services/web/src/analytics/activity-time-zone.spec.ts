import { activityTimeZone, yearIn } from './activity-time-zone';

describe('activity time zone', () => {
  it("uses the profile's zone over the browser's", () => {
    expect(activityTimeZone('Asia/Tokyo', 'Europe/Berlin')).toBe('Asia/Tokyo');
  });

  it("falls back to the browser's zone when the profile has none or one this browser does not know", () => {
    expect(activityTimeZone(null, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(activityTimeZone(undefined, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(activityTimeZone('  ', 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(activityTimeZone('Mars/Olympus_Mons', 'Europe/Berlin')).toBe('Europe/Berlin');
  });

  it('reads the year in the given zone, not the machine clock', () => {
    const newYearsEveUtc = new Date('2026-12-31T23:30:00Z');
    expect(yearIn('UTC', newYearsEveUtc)).toBe(2026);
    expect(yearIn('Asia/Tokyo', newYearsEveUtc)).toBe(2027);
    expect(yearIn('America/Los_Angeles', new Date('2027-01-01T05:00:00Z'))).toBe(2026);
  });
});
