'use client';

import { ACTIVITY_KIND_COLORS, ACTIVITY_KIND_LABELS, type ActivityKind } from '../activity-kinds';
import { longDayLabel, shortDayLabel } from '../calendar-days';
import {
  activitySummary,
  dayActivityTitle,
  kindsInSeries,
  labelledDayIndexes,
  scaleTicks,
  stackPerDay,
} from './activity-series';
import { BarChart } from './bar-chart';
import { ChartDataTable } from './chart-data-table';

/** Per-day activity as stacked bars, one colour per kind, with a legend and the figures as a table. */
export function ActivityChart({ perDay }: { perDay: { date: string; counts: Record<string, number> }[] }) {
  const days = stackPerDay(perDay);
  const kinds = kindsInSeries(days);
  return (
    <figure className="chart">
      <BarChart
        label={activitySummary(days)}
        className="activity-chart"
        height={220}
        margin={{ top: 10, right: 22, bottom: 26, left: 36 }}
        defaultWidth={640}
        minWidth={280}
        bandCount={days.length}
        ticks={scaleTicks(Math.max(0, ...days.map((day) => day.total)))}
        bandLabels={(plotWidth) =>
          labelledDayIndexes(days.length, Math.max(2, Math.floor(plotWidth / 70))).map((index) => ({
            index,
            key: days[index].date,
            text: shortDayLabel(days[index].date),
          }))
        }
      >
        {({ band, plotHeight, bandX, y }) => {
          const barWidth = Math.max(1, band * 0.72);
          return days.map((day, index) => (
            <g key={day.date}>
              <title>{dayActivityTitle(day)}</title>
              {/* A transparent full-height band so thin or empty days still show their tooltip. */}
              <rect
                x={bandX(index)}
                y={y(0) - plotHeight}
                width={band}
                height={plotHeight}
                fill="transparent"
              />
              {day.segments.map((segment) => (
                <rect
                  key={segment.kind}
                  x={bandX(index) + (band - barWidth) / 2}
                  y={y(segment.to)}
                  width={barWidth}
                  height={Math.max(0, y(segment.from) - y(segment.to))}
                  fill={ACTIVITY_KIND_COLORS[segment.kind]}
                />
              ))}
            </g>
          ));
        }}
      </BarChart>
      <figcaption>
        {kinds.length === 0 ? (
          <p className="muted">No activity in this period yet.</p>
        ) : (
          <ChartLegend kinds={kinds} />
        )}
      </figcaption>
      <ChartDataTable
        caption="Activity per day"
        columns={['Day', ...kinds.map((kind) => ACTIVITY_KIND_LABELS[kind]), 'Total']}
        rows={days.map((day) => [
          longDayLabel(day.date),
          ...kinds.map((kind) => day.segments.find((segment) => segment.kind === kind)?.count ?? 0),
          day.total,
        ])}
      />
    </figure>
  );
}

function ChartLegend({ kinds }: { kinds: readonly ActivityKind[] }) {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {kinds.map((kind) => (
        <li key={kind}>
          <span
            className="chart-swatch"
            style={{ background: ACTIVITY_KIND_COLORS[kind] }}
            aria-hidden="true"
          />
          {ACTIVITY_KIND_LABELS[kind]}
        </li>
      ))}
    </ul>
  );
}
