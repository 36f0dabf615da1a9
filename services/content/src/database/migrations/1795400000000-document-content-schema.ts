import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Records in the catalog (`\dn+`) who owns the schema the migrate command created. The SQL is written out
 * here, not shared, so this migration stays exactly what ran.
 */
export class DocumentContentSchema1795400000000 implements MigrationInterface {
  // Explicit, so the name recorded in content.migrations never depends on the compiled class name.
  readonly name = 'DocumentContentSchema1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `COMMENT ON SCHEMA content IS 'Owned by the content service: bookmarks, notes, tasks, files, tags and collections. No other service reads or writes it.'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('COMMENT ON SCHEMA content IS NULL');
  }
}
