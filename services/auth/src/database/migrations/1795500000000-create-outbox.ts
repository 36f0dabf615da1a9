import { outboxTablesV1 } from '@tracera/streams';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The transactional outbox (events committed with the changes they describe, published by the relay) and
 * `processed_events` (consumer idempotency markers) in schema auth. The SQL is shared by every service
 * and frozen (see outboxTablesV1), so each service's history stays exactly what ran.
 */
export class CreateOutbox1795500000000 implements MigrationInterface {
  // Explicit, so the name recorded in auth.migrations never depends on the compiled class name.
  readonly name = 'CreateOutbox1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of outboxTablesV1('auth').up) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of outboxTablesV1('auth').down) await queryRunner.query(statement);
  }
}
