import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Uploaded files: the metadata row; the bytes live under FILES_DIR named by `storage_key` (random, never
 * the user's file name). Hand-written so the constraints and indexes are exactly these.
 */
export class CreateFiles1795710000000 implements MigrationInterface {
  // Explicit, so the name recorded in content.migrations never depends on the compiled class name.
  readonly name = 'CreateFiles1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Times are kept to the millisecond, the precision of the views and of the list cursors built from them.
    await queryRunner.query(`
      CREATE TABLE content.files (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        name text NOT NULL CONSTRAINT files_name_not_empty CHECK (name <> ''),
        size bigint NOT NULL CONSTRAINT files_size_not_negative CHECK (size >= 0),
        content_type text NOT NULL,
        checksum text NOT NULL CONSTRAINT files_checksum_sha256_hex CHECK (checksum ~ '^[0-9a-f]{64}$'),
        description text NOT NULL DEFAULT '',
        storage_key text NOT NULL CONSTRAINT files_storage_key_key UNIQUE,
        collection_id uuid NULL,
        version integer NOT NULL DEFAULT 1 CONSTRAINT files_version_positive CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT files_collection_fkey FOREIGN KEY (user_id, collection_id)
          REFERENCES content.collections (user_id, id)
      )`);
    // Keyset pagination of a user's files in each sort order the list offers.
    await queryRunner.query('CREATE INDEX files_user_created_idx ON content.files (user_id, created_at, id)');
    await queryRunner.query('CREATE INDEX files_user_updated_idx ON content.files (user_id, updated_at, id)');
    await queryRunner.query('CREATE INDEX files_user_name_idx ON content.files (user_id, name, id)');
    await queryRunner.query('CREATE INDEX files_user_size_idx ON content.files (user_id, size, id)');
    await queryRunner.query(
      'CREATE INDEX files_collection_idx ON content.files (user_id, collection_id) WHERE collection_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE content.files');
  }
}
