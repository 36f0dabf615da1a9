import { Injectable } from '@nestjs/common';
import { type analyticsRpc, type HeatmapView, type RpcRequest } from '@tracera/contracts';
import { UserDirectory } from '../directory/user-directory';
import { ActiveDaysRepository } from './active-days.repository';
import { effectiveTimeZone } from './insights-time-zone';
import { daysFromTo, localDateOf } from './local-calendar';

type Request = RpcRequest<typeof analyticsRpc.heatmap>;

/**
 * `analytics.heatmap`: every day of a year with the streak activity counted on it, on the local days the
 * activity was recorded on. The year defaults to the current one in the person's zone.
 */
@Injectable()
export class HeatmapUseCase {
  constructor(
    private readonly activeDays: ActiveDaysRepository,
    private readonly directory: UserDirectory,
  ) {}

  async execute(request: Request): Promise<HeatmapView> {
    const { userId } = request;
    const timeZone = effectiveTimeZone(undefined, await this.directory.timeZoneOf(userId));
    const year = request.year ?? Number(localDateOf(new Date(), timeZone).slice(0, 4));
    const days = daysFromTo(
      `${String(year).padStart(4, '0')}-01-01`,
      `${String(year).padStart(4, '0')}-12-31`,
    );
    const counts = await this.activeDays.countsBetween(userId, days[0], days[days.length - 1]);
    return { year, timeZone, days: days.map((date) => ({ date, count: counts.get(date) ?? 0 })) };
  }
}
