/**
 * Calendar arithmetic in a person's IANA time zone: which local day an instant falls on, where a local day
 * starts, the days of a range, and whether a zone's UTC offsets are whole hours (hourly rollups then map onto
 * local days and hours exactly). Dates are `YYYY-MM-DD` strings; instants are Dates.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

// Building a DateTimeFormat is far dearer than using one; the zones in use are few.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function dateText(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** True when `timeZone` is an IANA zone this runtime knows (`UTC` included). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's canonical IANA name (`Asia/Calcutta` for `IST` or `asia/kolkata`): short and legacy ids the
 * runtime accepts mean something else to Postgres (its `IST` is Israel's), so SQL gets the canonical name.
 */
export function canonicalTimeZone(timeZone: string): string {
  return formatterFor(timeZone).resolvedOptions().timeZone;
}

/** The zone's UTC offset at `instant`, in minutes east of Greenwich (New York in winter: -300). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallClockOf(instant, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSeconds) / MS_PER_MINUTE);
}

/** The local calendar day `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const wall = wallClockOf(instant, timeZone);
  return dateText(wall.year, wall.month, wall.day);
}

/** Midnight UTC of a `YYYY-MM-DD` date, in ms; throws on anything that is not a real calendar day. */
function utcMidnightOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  }
  return time;
}

/** `date` moved by `days` calendar days (negative: back). */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnightOf(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both included, oldest first; empty when `to` is before `from`. */
export function daysFromTo(from: string, to: string): string[] {
  const first = utcMidnightOf(from);
  const count = Math.round((utcMidnightOf(to) - first) / MS_PER_DAY) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) =>
    new Date(first + index * MS_PER_DAY).toISOString().slice(0, 10),
  );
}

/** Whole calendar days from `earlier` to `later` (1 for consecutive days). */
export function daysBetween(earlier: string, later: string): number {
  return Math.round((utcMidnightOf(later) - utcMidnightOf(earlier)) / MS_PER_DAY);
}

/**
 * The first instant of local day `date` in `timeZone`: usually local midnight; where midnight is skipped by
 * a daylight-saving change (e.g. America/Santiago) the moment the clocks jump.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightAsUtc = utcMidnightOf(date);
  // The offset in force at the day's start is the one a day before or a day after (zones change at most
  // once in 48 hours); of the instants those offsets give, the earliest still on `date` starts it.
  const offsets = new Set([
    zoneOffsetMinutes(new Date(midnightAsUtc - MS_PER_DAY), timeZone),
    zoneOffsetMinutes(new Date(midnightAsUtc + MS_PER_DAY), timeZone),
  ]);
  const starts = [...offsets]
    .map((offset) => new Date(midnightAsUtc - offset * MS_PER_MINUTE))
    .filter((candidate) => localDateOf(candidate, timeZone) === date)
    .map((candidate) => candidate.getTime());
  return new Date(Math.min(...starts));
}

/**
 * True when every UTC offset `timeZone` has in [start, end) is a whole number of hours, so each UTC hour
 * lies within one local hour and one local day. Offsets last months, so one sample a day finds them all.
 */
export function hasWholeHourOffsetsThroughout(timeZone: string, start: Date, end: Date): boolean {
  const last = end.getTime() - 1;
  for (let time = start.getTime(); ; time = Math.min(time + MS_PER_DAY, last)) {
    if (zoneOffsetMinutes(new Date(time), timeZone) % 60 !== 0) return false;
    if (time >= last) return true;
  }
}

/** A local-day range of a zone: its days and the instants it spans. */
export interface LocalRange {
  from: string;
  to: string;
  days: string[];
  /** The first instant of `from`. */
  start: Date;
  /** The first instant after `to`. */
  end: Date;
}

/** The `dayCount` local days ending with `lastDay` in `timeZone`. */
export function localRangeEnding(lastDay: string, dayCount: number, timeZone: string): LocalRange {
  const from = addDays(lastDay, -(dayCount - 1));
  return {
    from,
    to: lastDay,
    days: daysFromTo(from, lastDay),
    start: startOfLocalDay(from, timeZone),
    end: startOfLocalDay(addDays(lastDay, 1), timeZone),
  };
}
