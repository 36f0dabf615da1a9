import {
  addDays,
  daysBetween,
  formatCalendarDay,
  longDayLabel,
  monthLabel,
  parseCalendarDay,
  shortDayLabel,
  weekdayOf,
} from './calendar-days';

describe('calendar days', () => {
  it('round-trips a day through its UTC midnight', () => {
    expect(parseCalendarDay('2026-11-20').toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(formatCalendarDay(parseCalendarDay('2024-02-29'))).toBe('2024-02-29');
  });

  it('refuses text that is not a day', () => {
    expect(() => parseCalendarDay('2026-11-20T10:00')).toThrow('Not a calendar day');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('reads weekdays with Sunday as 0', () => {
    expect(weekdayOf('2026-11-22')).toBe(0);
    expect(weekdayOf('2026-11-20')).toBe(5);
  });

  it('counts the days between two days', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-11-20', '2026-11-20')).toBe(0);
  });

  it('labels days and months in English', () => {
    expect(shortDayLabel('2026-11-20')).toBe('Nov 20');
    expect(longDayLabel('2026-11-20')).toBe('Fri, Nov 20, 2026');
    expect(monthLabel(0)).toBe('Jan');
    expect(monthLabel(11)).toBe('Dec');
  });
});
