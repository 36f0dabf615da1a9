'use client';

import { useMemo } from 'react';
import { useSession } from '../session/session-context';
import { formatCount, formatMoment, relativeTime, type DateZone } from './date-format';

export interface DateFormat {
  /** "Mar 1, 2026" */
  date: (iso: string | Date) => string;
  /** "Mar 1, 2026, 9:30 AM" */
  dateTime: (iso: string | Date) => string;
  /** "9:30 AM" */
  time: (iso: string | Date) => string;
  /** "9:30:05 AM" */
  preciseTime: (iso: string | Date) => string;
  /** "Mar 1" — chart ticks and day labels. */
  shortDate: (iso: string | Date) => string;
  /** "Mar" — month ticks. */
  month: (iso: string | Date) => string;
  /** "5 minutes ago" (against the time of the call). */
  relative: (iso: string | Date) => string;
  /** "1,234" */
  count: (value: number) => string;
  /** The zone these use, for code that needs the raw settings. */
  zone: DateZone;
}

/** Formats dates in the signed-in person's `locale` and `timeZone` (their profile settings). */
export function useDateFormat(): DateFormat {
  const { user } = useSession();
  return useDateFormatIn(user.locale, user.timeZone);
}

/** The same formatters for an explicit locale and time zone; empty values mean the browser's. */
export function useDateFormatIn(locale?: string | null, timeZone?: string | null): DateFormat {
  return useMemo(() => {
    const zone: DateZone = { locale: locale || undefined, timeZone: timeZone || undefined };
    return {
      date: (iso) => formatMoment(iso, 'date', zone),
      dateTime: (iso) => formatMoment(iso, 'dateTime', zone),
      time: (iso) => formatMoment(iso, 'time', zone),
      preciseTime: (iso) => formatMoment(iso, 'preciseTime', zone),
      shortDate: (iso) => formatMoment(iso, 'shortDate', zone),
      month: (iso) => formatMoment(iso, 'month', zone),
      relative: (iso) => relativeTime(iso, new Date(), zone.locale),
      count: (value) => formatCount(value, zone),
      zone,
    };
  }, [locale, timeZone]);
}
