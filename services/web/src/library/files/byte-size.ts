const UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** A size as people read it, in SI units like the operating system's file managers: `1.5 MB`, `512 B`. */
export function formatByteSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit: (typeof UNITS)[number] = UNITS[0];
  for (const next of UNITS) {
    value /= 1000;
    unit = next;
    // Stop before rounding would show "1000 kB".
    if (value < 999.5) break;
  }
  return `${value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value)} ${unit}`;
}
