/**
 * Dates and times as the reader reads them: in their language and time zone. Pure functions, so they can be
 * tested; components use `useDateFormat()` (use-date-format.ts), which supplies the signed-in person's settings.
 */

/** Whose clock and language to use; `undefined` means the browser's. */
export interface DateZone {
  locale?: string;
  timeZone?: string;
}

type Moment = string | Date;

/** The browser's IANA zone: a suggestion for the profile, and the dashboard's day boundaries. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const STYLES = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  time: { timeStyle: 'short' },
  /** With seconds: when something refreshes every few seconds. */
  preciseTime: { timeStyle: 'medium' },
  /** Chart ticks and day labels: short on purpose, so they fit under a bar. */
  shortDate: { month: 'short', day: 'numeric' },
  month: { month: 'short' },
  /** A day named in full where there is room: tooltips, streaks. */
  weekdayDate: { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof STYLES;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(style: DateStyle, zone: DateZone): Intl.DateTimeFormat {
  const key = `${style}|${zone.locale ?? ''}|${zone.timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(zone.locale, { ...STYLES[style], timeZone: zone.timeZone });
    } catch {
      // An unknown locale or time zone in a profile must not hide the date: fall back to the browser's.
      format = new Intl.DateTimeFormat(undefined, STYLES[style]);
    }
    formats.set(key, format);
  }
  return format;
}

function toDate(moment: Moment): Date {
  return typeof moment === 'string' ? new Date(moment) : moment;
}

/** `moment` in one of the named styles; '' for an unreadable value. */
export function formatMoment(moment: Moment, style: DateStyle, zone: DateZone = {}): string {
  const at = toDate(moment);
  if (Number.isNaN(at.getTime())) return '';
  return formatFor(style, zone).format(at);
}

/** A number in the reader's language ("1,234"). */
export function formatCount(value: number, zone: DateZone = {}): string {
  try {
    return value.toLocaleString(zone.locale);
  } catch {
    return value.toLocaleString();
  }
}

const STEPS: { unit: Intl.RelativeTimeFormatUnit; seconds: number; upTo: number }[] = [
  { unit: 'second', seconds: 1, upTo: 45 },
  { unit: 'minute', seconds: 60, upTo: 45 * 60 },
  { unit: 'hour', seconds: 3600, upTo: 22 * 3600 },
  { unit: 'day', seconds: 86_400, upTo: 26 * 86_400 },
  { unit: 'month', seconds: 30 * 86_400, upTo: 320 * 86_400 },
  { unit: 'year', seconds: 365 * 86_400, upTo: Infinity },
];

/** Under this many seconds either way reads as "now": clocks of client and server never agree exactly. */
const NOW_WINDOW_SECONDS = 10;

function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  try {
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  } catch {
    return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  }
}

/**
 * "5 minutes ago" / "in 3 days" for a moment relative to `now`, in the reader's language. Coarse on purpose:
 * the exact time goes in a tooltip (see `<TimeLabel>`).
 */
export function relativeTime(moment: Moment, now: Date = new Date(), locale?: string): string {
  const seconds = (toDate(moment).getTime() - now.getTime()) / 1000;
  if (Number.isNaN(seconds)) return '';
  const format = relativeFormat(locale);
  if (Math.abs(seconds) < NOW_WINDOW_SECONDS) return format.format(0, 'second');
  const step = STEPS.find(({ upTo }) => Math.abs(seconds) < upTo) ?? STEPS[STEPS.length - 1];
  return format.format(Math.round(seconds / step.seconds), step.unit);
}
