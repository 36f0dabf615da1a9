import { longDayLabel, monthLabel, parseCalendarDay, weekdayOf } from '../calendar-days';

export type HeatLevel = 0 | 1 | 2 | 3 | 4;

export interface HeatCell {
  date: string;
  count: number;
  /** Column: the week of the year, week 0 holding 1 January. */
  week: number;
  /** Row: 0 = Sunday … 6 = Saturday. */
  weekday: number;
  level: HeatLevel;
}

export interface HeatmapGrid {
  cells: HeatCell[];
  weeks: number;
  /** Where each month's first day falls, for the labels above the columns. */
  months: { label: string; week: number }[];
}

/**
 * The counts that separate levels 1–4: the quartiles of the active days' counts (nearest rank), so the
 * colours follow this person's own spread rather than a fixed scale.
 */
export function heatThresholds(counts: readonly number[]): [number, number, number] {
  const active = counts.filter((count) => count > 0).sort((a, b) => a - b);
  if (active.length === 0) return [0, 0, 0];
  const quantile = (q: number) => active[Math.max(0, Math.ceil(q * active.length) - 1)];
  return [quantile(0.25), quantile(0.5), quantile(0.75)];
}

export function heatLevel(count: number, thresholds: readonly [number, number, number]): HeatLevel {
  if (count <= 0) return 0;
  if (count <= thresholds[0]) return 1;
  if (count <= thresholds[1]) return 2;
  if (count <= thresholds[2]) return 3;
  return 4;
}

/** GitHub-style layout of one year's days (every day, 1 January first) into weeks × weekdays. */
export function heatmapGrid(days: readonly { date: string; count: number }[]): HeatmapGrid {
  if (days.length === 0) return { cells: [], weeks: 0, months: [] };
  const offset = weekdayOf(days[0].date);
  const thresholds = heatThresholds(days.map((day) => day.count));
  const months: HeatmapGrid['months'] = [];
  const cells = days.map(({ date, count }, index): HeatCell => {
    const week = Math.floor((index + offset) / 7);
    const calendar = parseCalendarDay(date);
    if (calendar.getUTCDate() === 1) months.push({ label: monthLabel(calendar.getUTCMonth()), week });
    return { date, count, week, weekday: (index + offset) % 7, level: heatLevel(count, thresholds) };
  });
  return { cells, weeks: cells[cells.length - 1].week + 1, months };
}

/** What the cell's tooltip says: `3 items on 2026-11-20`. */
export function heatCellTitle(cell: { date: string; count: number }): string {
  return `${cell.count} ${cell.count === 1 ? 'item' : 'items'} on ${cell.date}`;
}

export interface HeatmapSummary {
  total: number;
  activeDays: number;
  busiest: { date: string; count: number } | null;
}

/** The year in numbers, for people who do not read the grid. */
export function heatmapSummary(days: readonly { date: string; count: number }[]): HeatmapSummary {
  let total = 0;
  let activeDays = 0;
  let busiest: HeatmapSummary['busiest'] = null;
  for (const day of days) {
    total += day.count;
    if (day.count > 0) activeDays += 1;
    if (day.count > 0 && (busiest === null || day.count > busiest.count)) busiest = day;
  }
  return { total, activeDays, busiest: busiest && { date: busiest.date, count: busiest.count } };
}

/** `47 items on 12 days in 2026; busiest Fri, Nov 20, 2026 with 7.` */
export function heatmapSummaryText(summary: HeatmapSummary, year: number): string {
  if (summary.total === 0) return `No activity in ${year}.`;
  const items = `${summary.total} ${summary.total === 1 ? 'item' : 'items'}`;
  const days = `${summary.activeDays} ${summary.activeDays === 1 ? 'day' : 'days'}`;
  const busiest = summary.busiest
    ? `; busiest ${longDayLabel(summary.busiest.date)} with ${summary.busiest.count}`
    : '';
  return `${items} on ${days} in ${year}${busiest}.`;
}
