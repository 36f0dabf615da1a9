import { Injectable, Logger } from '@nestjs/common';
import { type analyticsRpc, type RpcRequest, type StreakView } from '@tracera/contracts';
import { UserDirectory } from '../directory/user-directory';
import { effectiveTimeZone } from './insights-time-zone';
import { localDateOf } from './local-calendar';
import { StreakHashes } from './streak-hashes';
import { currentStreakLength, type StreakRecord } from './streak-record';
import { StreakRepository } from './streak.repository';

type Request = RpcRequest<typeof analyticsRpc.streak>;

/**
 * `analytics.streak`: read from the person's Redis hash; a missing hash is read from `analytics.streaks` and
 * written back. The current streak is judged against today in the person's zone, so it needs no write when
 * a day passes without activity.
 */
@Injectable()
export class StreakUseCase {
  private readonly logger = new Logger(StreakUseCase.name);

  constructor(
    private readonly hashes: StreakHashes,
    private readonly streaks: StreakRepository,
    private readonly directory: UserDirectory,
  ) {}

  async execute(request: Request): Promise<StreakView> {
    const { userId } = request;
    const [record, profileZone] = await Promise.all([
      this.recordOf(userId),
      this.directory.timeZoneOf(userId),
    ]);
    const timeZone = effectiveTimeZone(undefined, profileZone);
    return {
      current: currentStreakLength(record, localDateOf(new Date(), timeZone)),
      longest: record.longest,
      lastActiveDate: record.lastDay,
      timeZone,
    };
  }

  private async recordOf(userId: string): Promise<StreakRecord> {
    const cached = await this.hashes.read(userId).catch((error: unknown) => {
      // The table holds the same streak; a Redis hiccup costs a query, not the answer.
      this.logger.warn(`streak hash unreadable, using the database: ${(error as Error).message}`);
      return null;
    });
    if (cached) return cached;
    const stored = (await this.streaks.findByUsers([userId])).get(userId)!;
    if (cached === undefined) await this.hashes.write(new Map([[userId, stored]]));
    return stored;
  }
}
