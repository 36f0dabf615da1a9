'use client';

import type { ReactNode } from 'react';
import { useElementWidth } from './use-element-width';

/** Where the bars of one chart go: `bandX(i)` is the left edge of the i-th band, `y(v)` the height of value v. */
export interface BarChartFrame {
  band: number;
  plotHeight: number;
  bandX: (index: number) => number;
  y: (value: number) => number;
}

/** A label under one band; `key` must be unique among the chart's labels. */
export interface BandLabel {
  index: number;
  key: string;
  text: string;
}

interface BarChartProps {
  /** The chart's accessible name: a one-sentence summary of what it shows. */
  label: string;
  className: string;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** Width before the first measurement, and the narrowest the drawing gets (it scrolls below that). */
  defaultWidth: number;
  minWidth: number;
  bandCount: number;
  /** Value-axis ticks, ascending; the last is the top of the scale. */
  ticks: number[];
  bandLabels: (plotWidth: number) => BandLabel[];
  children: (frame: BarChartFrame) => ReactNode;
}

/** The SVG frame shared by the dashboard's bar charts: grid lines with tick values, baseline, band labels. */
export function BarChart({
  label,
  className,
  height,
  margin,
  defaultWidth,
  minWidth,
  bandCount,
  ticks,
  bandLabels,
  children,
}: BarChartProps) {
  const [scrollRef, measured] = useElementWidth<HTMLDivElement>(defaultWidth);
  const width = Math.max(minWidth, measured);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const top = ticks[ticks.length - 1];
  const band = plotWidth / Math.max(1, bandCount);
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const bandX = (index: number) => margin.left + index * band;
  return (
    <div className="chart-scroll" ref={scrollRef}>
      <svg width={width} height={height} className={`chart-svg ${className}`} role="img" aria-label={label}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              className="chart-grid"
              x1={margin.left}
              x2={width - margin.right}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text
              className="chart-label"
              x={margin.left - 6}
              y={y(tick)}
              textAnchor="end"
              dominantBaseline="middle"
            >
              {tick}
            </text>
          </g>
        ))}
        {children({ band, plotHeight, bandX, y })}
        <line
          className="chart-axis"
          x1={margin.left}
          x2={width - margin.right}
          y1={margin.top + plotHeight}
          y2={margin.top + plotHeight}
        />
        {bandLabels(plotWidth).map(({ index, key, text }) => (
          <text
            key={key}
            className="chart-label"
            x={bandX(index) + band / 2}
            y={height - 8}
            textAnchor="middle"
          >
            {text}
          </text>
        ))}
      </svg>
    </div>
  );
}
