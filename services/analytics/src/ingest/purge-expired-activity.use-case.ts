import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { DatabaseConnector } from '@tracera/db';
import { retentionCutoff } from './retention-horizon';
import { RetentionRepository } from './retention.repository';
import { RollupRepository } from './rollup.repository';

/** Rows deleted per statement, so a first purge of years of data never holds long locks. */
export const PURGE_BATCH = 5000;

/**
 * Deletes raw activity older than the retention period (ANALYTICS_RETENTION_DAYS). Hourly counts, active
 * days and streaks stay: they outlive the rows they were counted from. With TimescaleDB whole chunks are
 * dropped; without it the oldest rows go in batches.
 */
@Injectable()
export class PurgeExpiredActivityUseCase {
  constructor(
    private readonly connector: DatabaseConnector,
    private readonly retention: RetentionRepository,
    private readonly rollups: RollupRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How many rows were deleted (0 with TimescaleDB, whose chunks are dropped whole). */
  async execute(now = new Date()): Promise<number> {
    const cutoff = retentionCutoff(now, this.config.analytics.retentionDays);
    const manager = this.connector.dataSource.manager;
    // The migration made activity a hypertable exactly when it made activity_hourly a continuous aggregate.
    const hypertable = !(await this.rollups.maintainsHourly(manager));
    if (hypertable) {
      await this.retention.dropChunksBefore(manager, cutoff);
      return 0;
    }
    let deleted = 0;
    for (;;) {
      const batch = await this.retention.deleteOldest(manager, cutoff, PURGE_BATCH);
      deleted += batch;
      if (batch < PURGE_BATCH) return deleted;
    }
  }
}
