'use client';

import { useDateFormat } from './use-date-format';

/** A moment as "3 hours ago", with the exact date and time as the tooltip and machine-readable value. */
export function TimeLabel({ value, empty = '—' }: { value: string | null | undefined; empty?: string }) {
  const format = useDateFormat();
  if (!value) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={value} title={format.dateTime(value)}>
      {format.relative(value)}
    </time>
  );
}
