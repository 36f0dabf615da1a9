import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Records in the catalog (`\dn+`) who owns the schema the migrate command created. The SQL is written out
 * here, not shared, so this migration stays exactly what ran.
 */
export class DocumentAuthSchema1795400000000 implements MigrationInterface {
  // Explicit, so the name recorded in auth.migrations never depends on the compiled class name.
  readonly name = 'DocumentAuthSchema1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `COMMENT ON SCHEMA auth IS 'Owned by the auth service: users, password hashes and personal API tokens. No other service reads or writes it.'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('COMMENT ON SCHEMA auth IS NULL');
  }
}
