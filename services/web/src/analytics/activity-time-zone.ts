/**
 * The zone the person's activity is counted in. The server counts streaks and the heatmap in the profile's
 * zone, so the dashboard's per-day figures and "this year" must use the same one, whatever the browser says.
 */
export function activityTimeZone(profileZone: string | null | undefined, browserZone: string): string {
  const zone = profileZone?.trim();
  return zone && isKnownTimeZone(zone) ? zone : browserZone;
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar year it is at `now` in `timeZone` (on 31 December 23:30 UTC it is already next year in Tokyo). */
export function yearIn(timeZone: string, now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now));
}
