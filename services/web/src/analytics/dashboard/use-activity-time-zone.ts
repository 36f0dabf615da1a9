'use client';

import { useSession } from '../../session/session-context';
import { browserTimeZone } from '../../ui/date-format';
import { activityTimeZone } from '../activity-time-zone';

/** The signed-in person's profile zone (the browser's if unset), so bars, streak and heatmap agree on days. */
export function useActivityTimeZone(): string {
  const { user } = useSession();
  return activityTimeZone(user.timeZone, browserTimeZone());
}
