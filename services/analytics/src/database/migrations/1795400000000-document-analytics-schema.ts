import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Records in the catalog (`\dn+`) who owns the schema the migrate command created. The SQL is written out
 * here, not shared, so this migration stays exactly what ran.
 */
export class DocumentAnalyticsSchema1795400000000 implements MigrationInterface {
  // Explicit, so the name recorded in analytics.migrations never depends on the compiled class name.
  readonly name = 'DocumentAnalyticsSchema1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `COMMENT ON SCHEMA analytics IS 'Owned by the analytics service: activity time series, rollups, streaks, challenges and leaderboards. No other service reads or writes it.'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('COMMENT ON SCHEMA analytics IS NULL');
  }
}
