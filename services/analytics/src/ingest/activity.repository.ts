import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type IngestedActivity } from './ingested-activity';

interface ActivityRow {
  event_id: string;
  user_id: string;
  type: IngestedActivity['type'];
  occurred_at: Date;
  local_day: string;
  subject_id: string | null;
  tags: string[];
  domain: string | null;
}

/** The row's idempotency key as the unique constraint sees it. */
export function activityKey(activity: { eventId: string; occurredAt: Date }): string {
  return `${activity.eventId}@${activity.occurredAt.getTime()}`;
}

function toActivity(row: ActivityRow): IngestedActivity {
  return {
    eventId: row.event_id,
    userId: row.user_id,
    type: row.type,
    occurredAt: row.occurred_at,
    localDay: row.local_day,
    subjectId: row.subject_id,
    tags: row.tags,
    domain: row.domain,
  };
}

const RETURNED =
  'event_id, user_id, type, occurred_at, local_day::text AS local_day, subject_id, tags, domain';

/** Every SQL on `analytics.activity`. */
@Injectable()
export class ActivityRepository {
  /**
   * Inserts the rows in one statement; returns those this statement inserted (a redelivered event's row is
   * there already and is skipped by the unique key). `onInserted`: data-modifying statements run in the same
   * statement over the CTE `inserted(user_id, type, occurred_at, local_day)` (what was really added).
   */
  async insertMany(
    manager: EntityManager,
    rows: IngestedActivity[],
    onInserted: readonly string[] = [],
  ): Promise<IngestedActivity[]> {
    if (rows.length === 0) return [];
    const effects = onInserted.map((sql, index) => `, effect_${index} AS (${sql})`).join('');
    // One JSON parameter: serialized natively, where pg's per-element array encoding is costly per batch.
    const inserted = await manager.query<{ event_id: string; occurred_at: Date }[]>(
      `WITH inserted AS (
         INSERT INTO analytics.activity (event_id, user_id, type, occurred_at, local_day, subject_id, tags, domain)
         SELECT event_id, user_id, type, occurred_at, local_day, subject_id, tags, domain
           FROM jsonb_to_recordset($1::jsonb) AS sent(event_id uuid, user_id uuid, type text,
                occurred_at timestamptz, local_day date, subject_id uuid, tags text[], domain text)
         ON CONFLICT ON CONSTRAINT activity_event_key DO NOTHING
         RETURNING event_id, user_id, type, occurred_at, local_day
       )${effects}
       SELECT event_id, occurred_at FROM inserted`,
      [
        JSON.stringify(
          rows.map((row) => ({
            event_id: row.eventId,
            user_id: row.userId,
            type: row.type,
            occurred_at: row.occurredAt,
            local_day: row.localDay,
            subject_id: row.subjectId,
            tags: row.tags,
            domain: row.domain,
          })),
        ),
      ],
    );
    // Only the keys come back: the rows themselves are what was sent.
    const insertedKeys = new Set(
      inserted.map((row) => activityKey({ eventId: row.event_id, occurredAt: row.occurred_at })),
    );
    return rows.filter((row) => insertedKeys.has(activityKey(row)));
  }

  /** The stored rows of these events (what an earlier delivery recorded, local day included). */
  async findByEvents(
    manager: EntityManager,
    keys: { eventId: string; occurredAt: Date }[],
  ): Promise<IngestedActivity[]> {
    if (keys.length === 0) return [];
    const rows = await manager.query<ActivityRow[]>(
      `SELECT ${RETURNED} FROM analytics.activity
        WHERE (event_id, occurred_at) IN (
          SELECT * FROM unnest($1::uuid[], $2::timestamptz[]))`,
      [keys.map((key) => key.eventId), keys.map((key) => key.occurredAt)],
    );
    return rows.map(toActivity);
  }
}
