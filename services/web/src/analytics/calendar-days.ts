import { type DateZone, formatMoment } from '../ui/date-format';

/**
 * Calendar days as the API sends them (`YYYY-MM-DD`, already in the person's zone). They are handled as
 * UTC midnights so that adding days and reading weekdays never shifts with the browser's own zone.
 */
const DAY_MS = 86_400_000;

export function parseCalendarDay(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`Not a calendar day: ${day}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

export function formatCalendarDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return formatCalendarDay(new Date(parseCalendarDay(day).getTime() + days * DAY_MS));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return parseCalendarDay(day).getUTCDay();
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseCalendarDay(to).getTime() - parseCalendarDay(from).getTime()) / DAY_MS);
}

/**
 * Calendar days carry no time zone, so they are written as the UTC midnights they are stored as. The chart
 * labels stay in English on purpose: the pure chart layouts (and their specs) size ticks for these short forms.
 */
const CALENDAR_LABELS: DateZone = { locale: 'en', timeZone: 'UTC' };

/** `Nov 20` */
export function shortDayLabel(day: string): string {
  return formatMoment(parseCalendarDay(day), 'shortDate', CALENDAR_LABELS);
}

/** `Fri, Nov 20, 2026` */
export function longDayLabel(day: string): string {
  return formatMoment(parseCalendarDay(day), 'weekdayDate', CALENDAR_LABELS);
}

/** `Jan` for month index 0. */
export function monthLabel(monthIndex: number): string {
  return formatMoment(new Date(Date.UTC(2000, monthIndex, 1)), 'month', CALENDAR_LABELS);
}
