import {
  addDays,
  canonicalTimeZone,
  daysBetween,
  daysFromTo,
  hasWholeHourOffsetsThroughout,
  isKnownTimeZone,
  localDateOf,
  localRangeEnding,
  startOfLocalDay,
  zoneOffsetMinutes,
} from './local-calendar';

const at = (iso: string) => new Date(iso);

describe('local calendar', () => {
  it('knows IANA zones and refuses the rest', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('names zones canonically, so Postgres reads short ids as the runtime does', () => {
    expect(canonicalTimeZone('IST')).toBe('Asia/Calcutta');
    expect(canonicalTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
    expect(canonicalTimeZone('America/New_York')).toBe('America/New_York');
  });

  it('gives offsets in minutes east of UTC, across daylight-saving changes', () => {
    expect(zoneOffsetMinutes(at('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
    // US clocks spring forward at 02:00 EST = 07:00 UTC on 2026-03-08.
    expect(zoneOffsetMinutes(at('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(at('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-240);
    // EU clocks fall back at 01:00 UTC on 2026-10-25.
    expect(zoneOffsetMinutes(at('2026-10-25T00:59:59Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(at('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(at('2026-05-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(at('2026-05-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
    expect(zoneOffsetMinutes(at('2026-05-01T00:00:00.999Z'), 'UTC')).toBe(0);
  });

  it('puts instants on the local day of the zone', () => {
    expect(localDateOf(at('2026-03-08T04:59:00Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDateOf(at('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
    // After the change midnight is 04:00 UTC.
    expect(localDateOf(at('2026-03-09T03:59:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDateOf(at('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
    expect(localDateOf(at('2026-03-07T14:59:00Z'), 'Asia/Tokyo')).toBe('2026-03-07');
    expect(localDateOf(at('2026-03-07T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-08');
    expect(localDateOf(at('2026-05-01T18:29:00Z'), 'Asia/Kolkata')).toBe('2026-05-01');
    expect(localDateOf(at('2026-05-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-05-02');
  });

  it('starts local days at local midnight, also on daylight-saving days', () => {
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfLocalDay('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-26', 'Europe/Berlin').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(startOfLocalDay('2026-05-02', 'Asia/Kolkata').toISOString()).toBe('2026-05-01T18:30:00.000Z');
    expect(startOfLocalDay('2026-05-02', 'UTC').toISOString()).toBe('2026-05-02T00:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'Pacific/Kiritimati').toISOString()).toBe(
      '2025-12-31T10:00:00.000Z',
    );
  });

  it('starts a day whose midnight is skipped when the clocks jump', () => {
    // Chile springs forward from 24:00 to 01:00 on 2026-09-06 (first Sunday of September).
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(localDateOf(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
    expect(localDateOf(start, 'America/Santiago')).toBe('2026-09-06');
  });

  it('counts and lists calendar days, leap days and year ends included', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(daysFromTo('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(daysFromTo('2026-03-02', '2026-03-01')).toEqual([]);
    expect(daysFromTo('2028-01-01', '2028-12-31')).toHaveLength(366);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(() => addDays('2026-02-30', 1)).toThrow(/calendar date/);
  });

  it('tells zones with whole-hour offsets from the others over a range', () => {
    const year = [at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')] as const;
    expect(hasWholeHourOffsetsThroughout('America/New_York', ...year)).toBe(true);
    expect(hasWholeHourOffsetsThroughout('Asia/Tokyo', ...year)).toBe(true);
    expect(hasWholeHourOffsetsThroughout('Asia/Kolkata', ...year)).toBe(false);
    // Lord Howe Island keeps +10:30 in its winter and +11:00 in its summer.
    expect(hasWholeHourOffsetsThroughout('Australia/Lord_Howe', ...year)).toBe(false);
    expect(
      hasWholeHourOffsetsThroughout(
        'Australia/Lord_Howe',
        at('2026-01-01T00:00:00Z'),
        at('2026-01-08T00:00:00Z'),
      ),
    ).toBe(true);
    expect(
      hasWholeHourOffsetsThroughout(
        'Australia/Lord_Howe',
        at('2026-07-01T00:00:00Z'),
        at('2026-07-02T00:00:00Z'),
      ),
    ).toBe(false);
  });

  it('spans a range of local days ending with a given day', () => {
    const range = localRangeEnding('2026-03-10', 7, 'America/New_York');
    expect(range.from).toBe('2026-03-04');
    expect(range.to).toBe('2026-03-10');
    expect(range.days).toEqual([
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(range.start.toISOString()).toBe('2026-03-04T05:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-03-11T04:00:00.000Z');
    // Seven local days minus the hour skipped on 2026-03-08.
    expect(range.end.getTime() - range.start.getTime()).toBe((7 * 24 - 1) * 3_600_000);
  });
});
