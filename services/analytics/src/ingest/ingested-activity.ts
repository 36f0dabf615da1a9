import { type ActivityType } from '@tracera/contracts';

/** One row of `analytics.activity`: what one domain event says a person did, and when. */
export interface IngestedActivity {
  /** The domain event's id: the row's idempotency key. */
  eventId: string;
  userId: string;
  type: ActivityType;
  /** The event's `ts`. */
  occurredAt: Date;
  /** `YYYY-MM-DD` in the person's time zone when the activity was recorded. */
  localDay: string;
  /** The item, message or session the activity is about. */
  subjectId: string | null;
  tags: string[];
  /** Saved bookmarks' domain. */
  domain: string | null;
}
