/** One measured figure of a suite, compared with its baseline from the same run. */
export interface BenchResult {
  suite: string;
  metric: string;
  unit: string;
  ours: number;
  baseline: number;
  /** What the ratio must reach, e.g. `>= 0.5` of baseline throughput, `<= 2` of baseline latency. */
  target?: { op: '>=' | '<='; ratio: number };
}

export function ratio(result: BenchResult): number {
  return result.ours / result.baseline;
}

export function meetsTarget(result: BenchResult): boolean | undefined {
  if (!result.target) return undefined;
  const r = ratio(result);
  return result.target.op === '>=' ? r >= result.target.ratio : r <= result.target.ratio;
}

export function formatReport(results: BenchResult[]): string {
  const rows = results.map((r) => {
    const met = meetsTarget(r);
    return [
      r.suite,
      r.metric,
      `${r.ours.toFixed(r.ours < 100 ? 2 : 0)} ${r.unit}`,
      `${r.baseline.toFixed(r.baseline < 100 ? 2 : 0)} ${r.unit}`,
      ratio(r).toFixed(2),
      r.target ? `${r.target.op} ${r.target.ratio} ${met ? 'met' : 'MISSED'}` : '',
    ];
  });
  const header = ['suite', 'metric', 'ours', 'baseline', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Percentile of already-sorted samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
