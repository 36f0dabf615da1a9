import { Column, Entity, type MigrationInterface, PrimaryGeneratedColumn, type QueryRunner } from 'typeorm';
import { type DbLogger, type ServiceDatabase } from '../src';

/** Test-only schema `widgets`. Plain CREATE/ALTER (no IF NOT EXISTS) so running any migration twice fails. */
@Entity({ name: 'widgets' })
export class Widget {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text', nullable: true })
  colour!: string | null;
}

export class CreateWidgets1700000000001 implements MigrationInterface {
  readonly name = 'CreateWidgets1700000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    // Unqualified on purpose: search_path must put it in the service schema. The sleep widens the race window.
    await queryRunner.query('CREATE TABLE widgets (id serial PRIMARY KEY, label text NOT NULL)');
    await queryRunner.query('SELECT pg_sleep(0.2)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widgets');
  }
}

export class AddWidgetColour1700000000002 implements MigrationInterface {
  readonly name = 'AddWidgetColour1700000000002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE widgets ADD COLUMN colour text');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE widgets DROP COLUMN colour');
  }
}

/** Creates a table and a row, then fails: none of it may survive. */
export class SeedWidgets1700000000003 implements MigrationInterface {
  readonly name = 'SeedWidgets1700000000003';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE widget_seeds (id int PRIMARY KEY)');
    await queryRunner.query("INSERT INTO widgets (label) VALUES ('seeded')");
    await queryRunner.query('SELECT 1 / 0');
  }
  async down(): Promise<void> {}
}

/** The same migration, fixed. */
export class FixedSeedWidgets1700000000003 implements MigrationInterface {
  readonly name = 'SeedWidgets1700000000003';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE widget_seeds (id int PRIMARY KEY)');
    await queryRunner.query("INSERT INTO widgets (label) VALUES ('seeded')");
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widget_seeds');
  }
}

export class CreateGadgets1700000000001 implements MigrationInterface {
  readonly name = 'CreateGadgets1700000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE gadgets (id int PRIMARY KEY)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE gadgets');
  }
}

export const widgetsDatabase: ServiceDatabase = {
  service: 'widgets',
  schema: 'widgets',
  entities: [Widget],
  // Deliberately out of order: the runner orders by timestamp.
  migrations: [AddWidgetColour1700000000002, CreateWidgets1700000000001],
};

export const gadgetsDatabase: ServiceDatabase = {
  service: 'gadgets',
  schema: 'gadgets',
  entities: [],
  migrations: [CreateGadgets1700000000001],
};

export const schemalessDatabase: ServiceDatabase = {
  service: 'edge',
  schema: null,
  entities: [],
  migrations: [],
};

/** A logger that keeps what it was told, for assertions and a quiet test run. */
export function recordingLogger(): DbLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, log: record('log'), warn: record('warn'), error: record('error'), debug: record('debug') };
}
