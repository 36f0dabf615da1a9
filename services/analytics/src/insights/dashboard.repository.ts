import { Injectable } from '@nestjs/common';
import { type ActivityType } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';

/** Activity counted on one local day and hour, of one type. */
export interface LocalHourCount {
  day: string;
  hour: number;
  type: ActivityType;
  count: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

/** Where per-hour counts come from: the hourly rollup, or the raw rows when UTC hours straddle local hours. */
export type CountSource = 'hourly' | 'activity';

// `$2`/`$3` bound the instants, `$4` is the zone; buckets map to local days and hours by Postgres' zone rules.
// The constant condition is checked once even when no row matches, so an unknown zone always fails.
const COUNTS_BY_LOCAL_HOUR: Record<CountSource, string> = {
  hourly: `
    SELECT to_char(hour AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
           extract(hour FROM hour AT TIME ZONE $4)::int AS hour, type, sum(count)::int AS count
      FROM analytics.activity_hourly
     WHERE user_id = $1 AND hour >= $2 AND hour < $3 AND (now() AT TIME ZONE $4) IS NOT NULL
     GROUP BY 1, 2, 3`,
  activity: `
    SELECT to_char(occurred_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
           extract(hour FROM occurred_at AT TIME ZONE $4)::int AS hour, type, count(*)::int AS count
      FROM analytics.activity
     WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND (now() AT TIME ZONE $4) IS NOT NULL
     GROUP BY 1, 2, 3`,
};

/** Reads for the dashboard; every query is one person's and bounded by a range of instants. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /** The person's activity in [start, end) per local day, local hour of `timeZone` and type. */
  countsByLocalHour(
    userId: string,
    start: Date,
    end: Date,
    timeZone: string,
    source: CountSource,
  ): Promise<LocalHourCount[]> {
    return this.connector.dataSource.manager.query<LocalHourCount[]>(COUNTS_BY_LOCAL_HOUR[source], [
      userId,
      start,
      end,
      timeZone,
    ]);
  }

  /** Tags of the person's activity of `types` in [start, end), most used first, then alphabetical. */
  topTags(
    userId: string,
    start: Date,
    end: Date,
    types: readonly ActivityType[],
    limit: number,
  ): Promise<TagCount[]> {
    return this.connector.dataSource.manager.query<TagCount[]>(
      `SELECT tag, count(*)::int AS count
         FROM analytics.activity, unnest(tags) AS tag
        WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = ANY ($4::text[])
        GROUP BY tag
        ORDER BY count DESC, tag COLLATE "C"
        LIMIT $5`,
      [userId, start, end, types, limit],
    );
  }
}
