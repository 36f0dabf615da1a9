import { Injectable } from '@nestjs/common';
import { type ActivityType } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type IngestedActivity } from '../ingest/ingested-activity';

/** The columns trending reads from an activity row. */
export type TrendingActivity = Pick<IngestedActivity, 'eventId' | 'type' | 'occurredAt' | 'tags' | 'domain'>;

interface ActivityRow {
  event_id: string;
  /** occurred_at as Postgres prints it: keeps the microseconds a Date would drop, for the next page. */
  position_at: string;
  type: ActivityType;
  occurred_at: Date;
  tags: string[];
  domain: string | null;
}

/** Where a page of {@link TrendingActivityRepository.pageSince} stopped. */
export interface ActivityPosition {
  occurredAt: string;
  eventId: string;
}

/** A page of activity and where the next one starts. */
export interface ActivityPage {
  rows: TrendingActivity[];
  next: ActivityPosition | undefined;
}

/** The SQL trending runs on `analytics.activity` (read only): the rebuild's pages and the people threshold. */
@Injectable()
export class TrendingActivityRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /** Rows of `types` at or after `since`, in (occurred_at, event_id) order after `after`; keyset pages. */
  async pageSince(
    since: Date,
    types: readonly ActivityType[],
    after: ActivityPosition | undefined,
    limit: number,
  ): Promise<ActivityPage> {
    const rows = await this.connector.dataSource.manager.query<ActivityRow[]>(
      `SELECT event_id, type, occurred_at, occurred_at::text AS position_at, tags, domain FROM analytics.activity
        WHERE occurred_at >= $1 AND type = ANY($2::text[])
          AND ($3::timestamptz IS NULL OR (occurred_at, event_id) > ($3::timestamptz, $4::uuid))
        ORDER BY occurred_at, event_id LIMIT $5`,
      [since, types, after?.occurredAt ?? null, after?.eventId ?? null, limit],
    );
    const last = rows.at(-1);
    return {
      rows: rows.map((row) => ({
        eventId: row.event_id,
        type: row.type,
        occurredAt: row.occurred_at,
        tags: row.tags,
        domain: row.domain,
      })),
      next:
        rows.length === limit && last ? { occurredAt: last.position_at, eventId: last.event_id } : undefined,
    };
  }

  /**
   * How many different people saved each of `domains` and used each of `tags` since `since` (activity of
   * `types` only); names nobody used are left out. Only counts leave this method, never who.
   */
  async peopleCounts(
    since: Date,
    types: readonly ActivityType[],
    domains: readonly string[],
    tags: readonly string[],
  ): Promise<{ domains: Map<string, number>; tags: Map<string, number> }> {
    const rows = await this.connector.dataSource.manager.query<
      { kind: string; name: string; people: number }[]
    >(
      `SELECT 'domain' AS kind, domain AS name, count(DISTINCT user_id)::int AS people FROM analytics.activity
        WHERE occurred_at >= $1 AND type = 'bookmark_saved' AND domain = ANY($3::text[]) GROUP BY domain
       UNION ALL
       SELECT 'tag', tag, count(DISTINCT user_id)::int FROM analytics.activity, unnest(tags) AS tag
        WHERE occurred_at >= $1 AND type = ANY($2::text[]) AND tags && $4::text[] AND tag = ANY($4::text[])
        GROUP BY tag`,
      [since, types, domains, tags],
    );
    const counts = { domains: new Map<string, number>(), tags: new Map<string, number>() };
    for (const row of rows) (row.kind === 'domain' ? counts.domains : counts.tags).set(row.name, row.people);
    return counts;
  }
}
