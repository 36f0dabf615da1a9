import { Inject, Injectable } from '@nestjs/common';
import { ResultCache } from '@tracera/cache';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import {
  type ActivityType,
  type analyticsRpc,
  DASHBOARD_RANGE_DAYS,
  type DashboardView,
  type RpcRequest,
} from '@tracera/contracts';
import { UserDirectory } from '../directory/user-directory';
import { type CountSource, DashboardRepository, type LocalHourCount } from './dashboard.repository';
import { effectiveTimeZone, isUnknownTimeZoneError, timeZoneNotSupported } from './insights-time-zone';
import {
  canonicalTimeZone,
  hasWholeHourOffsetsThroughout,
  type LocalRange,
  localDateOf,
  localRangeEnding,
} from './local-calendar';

type Request = RpcRequest<typeof analyticsRpc.dashboard>;
type Counts = Partial<Record<ActivityType, number>>;

export const DASHBOARD_CACHE_NAMESPACE = 'dashboard';
const TOP_TAGS = 10;
/** Activity that saves or creates an item: what the top tags are counted over (imports would drown them). */
const ITEM_CREATING_TYPES: readonly ActivityType[] = [
  'bookmark_saved',
  'note_created',
  'task_created',
  'file_uploaded',
];

/**
 * `analytics.dashboard`: the person's activity over the last 7–365 local days (today included) in the zone
 * asked for, else their own. Counts come from the hourly rollup summed into local days, which is exact while
 * every offset of the zone in the range is a whole number of hours; otherwise (Asia/Kolkata, Lord Howe's
 * winter) a UTC hour straddles two local hours, so the raw activity rows are grouped instead. Answers are
 * cached per range, zone and local today; the person's new activity invalidates them.
 */
@Injectable()
export class DashboardUseCase {
  constructor(
    private readonly dashboards: DashboardRepository,
    private readonly directory: UserDirectory,
    private readonly cache: ResultCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(request: Request): Promise<DashboardView> {
    const { userId, range } = request;
    const timeZone = effectiveTimeZone(request.timeZone, await this.directory.timeZoneOf(userId));
    const zone = canonicalTimeZone(timeZone);
    const today = localDateOf(new Date(), zone);
    const key = `${range}|${timeZone}|${today}`;
    return this.cache.getOrCompute(
      userId,
      DASHBOARD_CACHE_NAMESPACE,
      key,
      this.config.analytics.cacheTtlMs,
      () => this.compute(request, timeZone, zone, localRangeEnding(today, DASHBOARD_RANGE_DAYS[range], zone)),
    );
  }

  /** `timeZone` as asked for (and answered); `zone` its canonical name, which every computation uses. */
  private async compute(
    request: Request,
    timeZone: string,
    zone: string,
    range: LocalRange,
  ): Promise<DashboardView> {
    const { userId } = request;
    const source: CountSource = hasWholeHourOffsetsThroughout(zone, range.start, range.end)
      ? 'hourly'
      : 'activity';
    let counts: LocalHourCount[];
    let topTags: DashboardView['topTags'];
    try {
      [counts, topTags] = await Promise.all([
        this.dashboards.countsByLocalHour(userId, range.start, range.end, zone, source),
        this.dashboards.topTags(userId, range.start, range.end, ITEM_CREATING_TYPES, TOP_TAGS),
      ]);
    } catch (error) {
      if (isUnknownTimeZoneError(error)) throw timeZoneNotSupported(timeZone);
      throw error;
    }

    const perDay = new Map<string, Counts>(range.days.map((day) => [day, {}]));
    const totals: Counts = {};
    const activeHours = new Array<number>(24).fill(0);
    for (const { day, hour, type, count } of counts) {
      const dayCounts = perDay.get(day);
      // Only a zone whose clocks go back across midnight can put range activity on a day outside it.
      if (!dayCounts) continue;
      dayCounts[type] = (dayCounts[type] ?? 0) + count;
      totals[type] = (totals[type] ?? 0) + count;
      activeHours[hour] += count;
    }
    return {
      range: request.range,
      timeZone,
      from: range.from,
      to: range.to,
      totals,
      perDay: [...perDay].map(([date, dayCounts]) => ({ date, counts: dayCounts })),
      tasks: { created: totals.task_created ?? 0, completed: totals.task_completed ?? 0 },
      topTags,
      activeHours,
      generatedAt: new Date().toISOString(),
    };
  }
}
