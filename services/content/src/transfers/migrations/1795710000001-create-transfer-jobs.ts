import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Import and export jobs, claimed by any replica's runner with FOR UPDATE SKIP LOCKED; `heartbeat_at` lets
 * another replica take over a job whose runner died, and `rows_done` is where a resumed import continues.
 */
export class CreateTransferJobs1795710000001 implements MigrationInterface {
  // Explicit, so the name recorded in content.migrations never depends on the compiled class name.
  readonly name = 'CreateTransferJobs1795710000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE content.transfer_jobs (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT transfer_jobs_kind_known CHECK (kind IN ('import', 'export')),
        format text NOT NULL,
        status text NOT NULL DEFAULT 'queued'
          CONSTRAINT transfer_jobs_status_known CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress real NOT NULL DEFAULT 0 CONSTRAINT transfer_jobs_progress_percent CHECK (progress BETWEEN 0 AND 100),
        processed integer NOT NULL DEFAULT 0,
        total integer NULL,
        rows_done integer NOT NULL DEFAULT 0,
        imported integer NOT NULL DEFAULT 0,
        skipped jsonb NOT NULL DEFAULT '[]',
        error text NULL,
        attempt integer NOT NULL DEFAULT 0,
        heartbeat_at timestamptz NULL,
        source_name text NULL,
        source_storage_key text NULL,
        result_name text NULL,
        result_storage_key text NULL,
        result_size bigint NULL,
        result_content_type text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL
      )`);
    // The runners' claim query only looks at unfinished jobs.
    await queryRunner.query(
      `CREATE INDEX transfer_jobs_unfinished_idx ON content.transfer_jobs (created_at)
        WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      'CREATE INDEX transfer_jobs_user_idx ON content.transfer_jobs (user_id, created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE content.transfer_jobs');
  }
}
