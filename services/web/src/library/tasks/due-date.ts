/** Due dates: stored as ISO UTC, typed and shown in the person's own time zone (their profile's). */

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockIn(timeZone: string, instant: number): WallClock {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(format.formatToParts(instant).find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** How far ahead of UTC the zone's clocks are at that instant, in ms. */
function zoneOffset(timeZone: string, instant: number): number {
  const clock = wallClockIn(timeZone, instant);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const INPUT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A `datetime-local` value (`2026-03-01T09:30`) read as a time in `timeZone`, as ISO UTC; null when empty
 * or malformed. Times skipped by a DST change land an hour later, like the clocks do.
 */
export function zonedInputToIso(value: string, timeZone: string): string | null {
  const match = INPUT_PATTERN.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const firstGuess = asUtc - zoneOffset(timeZone, asUtc);
  // Re-check at the guessed instant: the offset may differ there when a DST change lies in between.
  const instant = asUtc - zoneOffset(timeZone, firstGuess);
  return new Date(instant).toISOString();
}

/** An ISO instant as a `datetime-local` value in `timeZone` (to prefill an input). */
export function isoToZonedInput(iso: string, timeZone: string): string {
  const clock = wallClockIn(timeZone, Date.parse(iso));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${clock.year}-${two(clock.month)}-${two(clock.day)}T${two(clock.hour)}:${two(clock.minute)}`;
}

/** Past due and still open (done and cancelled tasks are never overdue). */
export function isOverdue(task: { dueAt: string | null; status: string }, now: Date): boolean {
  if (!task.dueAt || task.status === 'done' || task.status === 'cancelled') return false;
  return Date.parse(task.dueAt) < now.getTime();
}
