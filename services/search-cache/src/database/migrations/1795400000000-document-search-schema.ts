import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Records in the catalog (`\dn+`) who owns the schema the migrate command created. The SQL is written out
 * here, not shared, so this migration stays exactly what ran.
 */
export class DocumentSearchSchema1795400000000 implements MigrationInterface {
  // Explicit, so the name recorded in search.migrations never depends on the compiled class name.
  readonly name = 'DocumentSearchSchema1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `COMMENT ON SCHEMA search IS 'Owned by the search-cache service: the search read model built from content events. No other service reads or writes it.'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('COMMENT ON SCHEMA search IS NULL');
  }
}
