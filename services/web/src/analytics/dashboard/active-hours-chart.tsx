'use client';

import { activeHoursSummary, hourLabel, scaleTicks } from './activity-series';
import { BarChart } from './bar-chart';
import { ChartDataTable } from './chart-data-table';

const HOUR_LABELS = [0, 6, 12, 18].map((hour) => ({ index: hour, key: String(hour), text: hourLabel(hour) }));

/** Activity per local hour of day, 24 bars, midnight first. */
export function ActiveHoursChart({ hours }: { hours: number[] }) {
  return (
    <figure className="chart">
      <BarChart
        label={activeHoursSummary(hours)}
        className="hours-chart"
        height={140}
        margin={{ top: 8, right: 16, bottom: 22, left: 30 }}
        defaultWidth={320}
        minWidth={240}
        bandCount={24}
        ticks={scaleTicks(Math.max(0, ...hours), 3)}
        bandLabels={() => HOUR_LABELS}
      >
        {({ band, bandX, y }) =>
          hours.map((count, hour) => (
            <rect
              key={hour}
              className="hours-bar"
              x={bandX(hour) + band * 0.15}
              y={y(count)}
              width={band * 0.7}
              height={y(0) - y(count)}
            >
              <title>{`${hourLabel(hour)}: ${count}`}</title>
            </rect>
          ))
        }
      </BarChart>
      <ChartDataTable
        caption="Activity by hour of day"
        columns={['Hour', 'Actions']}
        rows={hours.map((count, hour) => [hourLabel(hour), count])}
      />
    </figure>
  );
}
