/**
 * Import dates are meant to be Unix seconds, but some exporters write milliseconds or (Chrome-internal)
 * microseconds; the magnitude tells which. Zero, negative or garbage means "unknown".
 */
export function dateFromEpoch(value: string | undefined): Date | null {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) return null;
  const ms = number >= 1e14 ? number / 1000 : number >= 1e11 ? number : number * 1000;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? null : date;
}
