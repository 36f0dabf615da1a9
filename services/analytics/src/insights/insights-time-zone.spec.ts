import { effectiveTimeZone, isUnknownTimeZoneError, timeZoneNotSupported } from './insights-time-zone';

describe('insights time zone', () => {
  it('uses the zone asked for, else the profile zone, else UTC when the profile zone is unusable', () => {
    expect(effectiveTimeZone('Asia/Tokyo', 'Europe/Berlin')).toBe('Asia/Tokyo');
    expect(effectiveTimeZone(undefined, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(effectiveTimeZone(undefined, 'Not/AZone')).toBe('UTC');
  });

  it("recognizes Postgres' refusal of a zone and only that", () => {
    const refusal = { driverError: { code: '22023', message: 'time zone "X" not recognized' } };
    expect(isUnknownTimeZoneError(refusal)).toBe(true);
    expect(
      isUnknownTimeZoneError({ driverError: { code: '22023', message: 'invalid value for parameter' } }),
    ).toBe(false);
    expect(isUnknownTimeZoneError(new Error('time zone'))).toBe(false);
  });

  it('refuses with a VALIDATION error naming timeZone', () => {
    const error = timeZoneNotSupported('X');
    expect(error.code).toBe('VALIDATION');
    const { errors } = error.details as { errors: { field: string; message: string }[] };
    expect(errors.map((entry) => entry.field)).toEqual(['timeZone']);
    expect(errors[0].message).toContain('"X"');
  });
});
