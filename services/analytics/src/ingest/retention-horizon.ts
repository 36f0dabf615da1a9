const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Raw activity before this instant is past retention and may be deleted. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * The oldest hour and local day whose activity is still whole, so rollups from there on can be recomputed
 * from `analytics.activity`; older rollups outlive their deleted rows and are kept as they are. A local day
 * starts at most 14 hours before its UTC date, so two days after the cutoff's date is whole in every zone.
 */
export function rollupHorizon(now: Date, retentionDays: number): { hour: Date; day: string } {
  const cutoff = retentionCutoff(now, retentionDays).getTime();
  return {
    hour: new Date(Math.ceil(cutoff / HOUR_MS) * HOUR_MS),
    day: new Date(Math.floor(cutoff / DAY_MS) * DAY_MS + 2 * DAY_MS).toISOString().slice(0, 10),
  };
}
