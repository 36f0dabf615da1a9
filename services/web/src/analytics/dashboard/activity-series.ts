import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS, type ActivityKind, countsByKind } from '../activity-kinds';
import { longDayLabel, shortDayLabel } from '../calendar-days';

export interface StackSegment {
  kind: ActivityKind;
  count: number;
  /** Where the segment starts and ends on the value axis (the sum of the kinds below it). */
  from: number;
  to: number;
}

export interface StackedDay {
  date: string;
  total: number;
  /** Bottom to top in the fixed kind order; kinds with 0 are left out. */
  segments: StackSegment[];
}

/** One stacked bar per day from the API's per-day counts by activity type. */
export function stackPerDay(
  perDay: readonly { date: string; counts: Record<string, number> }[],
): StackedDay[] {
  return perDay.map(({ date, counts }) => {
    const byKind = countsByKind(counts);
    const segments: StackSegment[] = [];
    let total = 0;
    for (const kind of ACTIVITY_KINDS) {
      const count = byKind[kind] ?? 0;
      if (count === 0) continue;
      segments.push({ kind, count, from: total, to: total + count });
      total += count;
    }
    return { date, total, segments };
  });
}

/** The kinds with any activity in the series, in the fixed order (what the legend shows). */
export function kindsInSeries(days: readonly StackedDay[]): ActivityKind[] {
  const present = new Set(days.flatMap((day) => day.segments.map((segment) => segment.kind)));
  return ACTIVITY_KINDS.filter((kind) => present.has(kind));
}

/**
 * Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 × 10ⁿ, about `count` of them, never
 * fractional (counts are whole). An empty series still gets the axis 0–1.
 */
export function scaleTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((factor) => factor * magnitude).find((s) => s >= rough) ?? rough,
  );
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= top; value += step) ticks.push(value);
  return ticks;
}

/** Which days get a label under the x axis: at most `maxLabels`, evenly spaced, always the last (today). */
export function labelledDayIndexes(dayCount: number, maxLabels: number): number[] {
  if (dayCount <= 0) return [];
  const every = Math.max(1, Math.ceil(dayCount / maxLabels));
  const indexes: number[] = [];
  for (let index = dayCount - 1; index >= 0; index -= every) indexes.unshift(index);
  return indexes;
}

/** A bar's tooltip: `Fri, Nov 20, 2026: Bookmarks 3, Notes 1`. */
export function dayActivityTitle(day: StackedDay): string {
  if (day.segments.length === 0) return `${longDayLabel(day.date)}: no activity`;
  const parts = day.segments.map((segment) => `${ACTIVITY_KIND_LABELS[segment.kind]} ${segment.count}`);
  return `${longDayLabel(day.date)}: ${parts.join(', ')}`;
}

/** What the chart shows, in one sentence, for screen readers. */
export function activitySummary(days: readonly StackedDay[]): string {
  if (days.length === 0) return 'Activity per day: no days in this period.';
  const total = days.reduce((sum, day) => sum + day.total, 0);
  const span = `${shortDayLabel(days[0].date)} to ${shortDayLabel(days[days.length - 1].date)}`;
  if (total === 0) return `Activity per day, ${span}: no activity.`;
  const busiest = days.reduce((best, day) => (day.total > best.total ? day : best));
  return `Activity per day, ${span}: ${total} actions in total, busiest ${shortDayLabel(busiest.date)} with ${busiest.total}.`;
}

/** `09:00` for hour 9. */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** The 24-hour chart in one sentence: the busiest hour, or that there was nothing. */
export function activeHoursSummary(hours: readonly number[]): string {
  const total = hours.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 'Activity by hour of day: no activity.';
  const busiest = hours.indexOf(Math.max(...hours));
  return `Activity by hour of day: ${total} actions, most at ${hourLabel(busiest)}–${hourLabel(busiest).slice(0, 2)}:59 with ${hours[busiest]}.`;
}
