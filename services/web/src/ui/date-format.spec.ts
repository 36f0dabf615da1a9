import { formatCount, formatMoment, relativeTime } from './date-format';

describe('formatMoment', () => {
  const lateEvening = '2026-01-15T23:30:00.000Z';

  it('writes each style in the given locale and time zone', () => {
    const london = { locale: 'en-GB', timeZone: 'UTC' };
    expect(formatMoment(lateEvening, 'date', london)).toBe('15 Jan 2026');
    expect(formatMoment(lateEvening, 'dateTime', london)).toBe('15 Jan 2026, 23:30');
    expect(formatMoment(lateEvening, 'time', london)).toBe('23:30');
    expect(formatMoment(lateEvening, 'shortDate', london)).toBe('15 Jan');
    expect(formatMoment(lateEvening, 'month', london)).toBe('Jan');
  });

  it('moves to the next day in a zone east of UTC', () => {
    expect(formatMoment(lateEvening, 'dateTime', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe(
      '16 Jan 2026, 00:30',
    );
    expect(formatMoment(lateEvening, 'date', { locale: 'en-US', timeZone: 'Asia/Tokyo' })).toBe(
      'Jan 16, 2026',
    );
  });

  it('follows the locale', () => {
    expect(formatMoment(lateEvening, 'date', { locale: 'de-DE', timeZone: 'UTC' })).toBe('15.01.2026');
  });

  it('falls back to the browser settings for an unknown time zone instead of throwing', () => {
    expect(formatMoment(lateEvening, 'date', { locale: 'en-GB', timeZone: 'Mars/Olympus' })).not.toBe('');
  });

  it('returns an empty string for a value that is not a time', () => {
    expect(formatMoment('not a date', 'date', { locale: 'en-GB', timeZone: 'UTC' })).toBe('');
  });
});

describe('formatCount', () => {
  it('groups digits the way the locale does', () => {
    expect(formatCount(1234567, { locale: 'en' })).toBe('1,234,567');
    expect(formatCount(1234567, { locale: 'de' })).toBe('1.234.567');
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
  const ahead = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

  it('says "now" within a few seconds either way', () => {
    expect(relativeTime(ago(3), now, 'en')).toBe('now');
    expect(relativeTime(ahead(5), now, 'en')).toBe('now');
  });

  it('uses the largest unit that fits, rounded', () => {
    expect(relativeTime(ago(30), now, 'en')).toBe('30 seconds ago');
    expect(relativeTime(ago(5 * 60), now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(ago(3 * 3600 + 40 * 60), now, 'en')).toBe('4 hours ago');
    expect(relativeTime(ago(3 * 86_400), now, 'en')).toBe('3 days ago');
    expect(relativeTime(ago(90 * 86_400), now, 'en')).toBe('3 months ago');
    expect(relativeTime(ago(2 * 365 * 86_400), now, 'en')).toBe('2 years ago');
  });

  it('speaks of the future for later moments (expiry dates)', () => {
    expect(relativeTime(ahead(86_400), now, 'en')).toBe('tomorrow');
    expect(relativeTime(ahead(30 * 86_400), now, 'en')).toBe('next month');
    expect(relativeTime(ahead(2 * 3600), now, 'en')).toBe('in 2 hours');
  });

  it('accepts Date objects and follows the locale', () => {
    expect(relativeTime(new Date(now.getTime() - 2 * 86_400_000), now, 'de')).toBe('vorgestern');
  });

  it('returns an empty string for a value that is not a time', () => {
    expect(relativeTime('not a date', now, 'en')).toBe('');
  });
});
