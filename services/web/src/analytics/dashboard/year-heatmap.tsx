'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { useSession } from '../../session/session-context';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { yearIn } from '../activity-time-zone';
import { useHeatmap } from './dashboard-queries';
import { heatCellTitle, heatmapGrid, heatmapSummary, heatmapSummaryText } from './heatmap-grid';
import { useActivityTimeZone } from './use-activity-time-zone';

const CELL = 11;
const STEP = 14;
const LEFT = 30;
const TOP = 16;
const WEEKDAY_LABELS: [number, string][] = [
  [1, 'Mon'],
  [3, 'Wed'],
  [5, 'Fri'],
];
const EARLIEST_YEAR = 2000;

/** GitHub-style year of activity: one square per day, darker for busier days, with a year picker. */
export function YearHeatmap() {
  const { user } = useSession();
  const timeZone = useActivityTimeZone();
  const thisYear = yearIn(timeZone, new Date());
  const [year, setYear] = useState(thisYear);
  const heatmap = useHeatmap(year);
  const summaryId = useId();
  const firstYear = Math.max(EARLIEST_YEAR, Math.min(thisYear, yearIn(timeZone, new Date(user.createdAt))));
  const years = Array.from({ length: thisYear - firstYear + 1 }, (_, index) => thisYear - index);

  return (
    <section className="card dashboard-wide" aria-labelledby="heatmap-heading">
      <div className="card-header">
        <h2 id="heatmap-heading">Year of activity</h2>
        <label className="inline-field">
          Year
          <select value={year} onChange={(event) => setYear(Number(event.target.value))}>
            {years.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      </div>
      {heatmap.isPending ? (
        <LoadingState label="Loading the year" />
      ) : heatmap.isError ? (
        <ProblemAlert error={heatmap.error} onRetry={() => void heatmap.refetch()} />
      ) : (
        <HeatmapBody days={heatmap.data.days} year={heatmap.data.year} summaryId={summaryId} />
      )}
    </section>
  );
}

function HeatmapBody({
  days,
  year,
  summaryId,
}: {
  days: { date: string; count: number }[];
  year: number;
  summaryId: string;
}) {
  const grid = heatmapGrid(days);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Narrow screens show the latest weeks first, as the year's end is what people look for.
  useEffect(() => {
    const element = scrollRef.current;
    if (element) element.scrollLeft = element.scrollWidth;
  }, [year]);
  const summaryText = heatmapSummaryText(heatmapSummary(days), year);
  const activeDays = days.filter((day) => day.count > 0);
  return (
    <>
      <p id={summaryId} className="muted">
        {summaryText}
      </p>
      {/* Focusable so keyboard users can scroll the grid on narrow screens. */}
      <div
        ref={scrollRef}
        className="heatmap-scroll"
        tabIndex={0}
        role="region"
        aria-label={`Activity in ${year}`}
      >
        <svg
          className="heatmap"
          width={LEFT + grid.weeks * STEP}
          height={TOP + 7 * STEP}
          role="img"
          aria-label={`Activity heatmap of ${year}`}
          aria-describedby={summaryId}
        >
          {grid.months.map((month) => (
            <text key={month.label} className="chart-label" x={LEFT + month.week * STEP} y={TOP - 5}>
              {month.label}
            </text>
          ))}
          {WEEKDAY_LABELS.map(([weekday, label]) => (
            <text key={label} className="chart-label" x={0} y={TOP + weekday * STEP + CELL - 1}>
              {label}
            </text>
          ))}
          {grid.cells.map((cell) => (
            <rect
              key={cell.date}
              x={LEFT + cell.week * STEP}
              y={TOP + cell.weekday * STEP}
              width={CELL}
              height={CELL}
              rx={2}
              fill={`var(--heat-${cell.level})`}
              data-level={cell.level}
            >
              <title>{heatCellTitle(cell)}</title>
            </rect>
          ))}
        </svg>
      </div>
      <div className="heatmap-footer">
        <details className="heatmap-days">
          <summary>Days with activity ({activeDays.length})</summary>
          {activeDays.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul>
              {activeDays.map((day) => (
                <li key={day.date}>{heatCellTitle(day)}</li>
              ))}
            </ul>
          )}
        </details>
        <HeatLegend />
      </div>
    </>
  );
}

function HeatLegend() {
  return (
    <div className="heat-legend" aria-hidden="true">
      Less
      {[0, 1, 2, 3, 4].map((level) => (
        <span key={level} className="heat-swatch" style={{ background: `var(--heat-${level})` }} />
      ))}
      More
    </div>
  );
}
