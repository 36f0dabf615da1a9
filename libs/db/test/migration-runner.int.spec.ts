import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@tracera/testing';
import {
  MIGRATION_LOCK_KEY,
  MigrationFailedError,
  type MigrationReport,
  runMigrations,
  timescaleAvailability,
} from '../src';
import {
  AddWidgetColour1700000000002,
  CreateWidgets1700000000001,
  FixedSeedWidgets1700000000003,
  gadgetsDatabase,
  recordingLogger,
  schemalessDatabase,
  SeedWidgets1700000000003,
  widgetsDatabase,
} from './fixtures';

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function tablesBySchema(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  });
}

async function migrationRows(url: string, schema: string): Promise<{ name: string; runs: number }[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string; runs: number }>(
      `SELECT name, count(*)::int AS runs FROM ${schema}.migrations GROUP BY name ORDER BY name`,
    );
    return rows;
  });
}

async function advisoryLocksHeld(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ held: number }>(
      "SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    return rows[0].held;
  });
}

const appliedNames = (reports: MigrationReport[]) =>
  reports.flatMap((report) => report.services.flatMap((service) => service.applied));

describe('runMigrations', () => {
  it('creates each schema with its tables and its own migrations table, and skips a service without a schema', async () => {
    const url = await createTestDatabase('migrate_layout');
    const logger = recordingLogger();
    const report = await runMigrations(url, [schemalessDatabase, widgetsDatabase, gadgetsDatabase], logger);

    expect(report.services).toEqual([
      {
        service: 'widgets',
        schema: 'widgets',
        applied: ['CreateWidgets1700000000001', 'AddWidgetColour1700000000002'],
      },
      { service: 'gadgets', schema: 'gadgets', applied: ['CreateGadgets1700000000001'] },
    ]);
    expect(report.lockWaitMs).toBe(0);
    expect(await tablesBySchema(url)).toEqual([
      'gadgets.gadgets',
      'gadgets.migrations',
      'widgets.migrations',
      'widgets.widgets',
    ]);
    expect(await migrationRows(url, 'widgets')).toEqual([
      { name: 'AddWidgetColour1700000000002', runs: 1 },
      { name: 'CreateWidgets1700000000001', runs: 1 },
    ]);
    expect(logger.lines).toContain(
      'log: widgets: applied 2 migration(s) to schema widgets: CreateWidgets1700000000001, AddWidgetColour1700000000002',
    );
    expect(await advisoryLocksHeld(url)).toBe(0);
  });

  it('does nothing the second time', async () => {
    const url = await createTestDatabase('migrate_twice');
    await runMigrations(url, [widgetsDatabase, gadgetsDatabase], recordingLogger());
    const logger = recordingLogger();
    const again = await runMigrations(url, [widgetsDatabase, gadgetsDatabase], logger);

    expect(again.services.map((service) => service.applied)).toEqual([[], []]);
    expect(logger.lines).toContain('log: widgets: schema widgets is up to date');
    expect((await migrationRows(url, 'widgets')).map((row) => row.runs)).toEqual([1, 1]);
  });

  it('applies every migration exactly once when five runs start together on a fresh database', async () => {
    const url = await createTestDatabase('migrate_race');
    const loggers = Array.from({ length: 5 }, () => recordingLogger());
    const reports = await Promise.all(
      loggers.map((logger) => runMigrations(url, [widgetsDatabase, gadgetsDatabase], logger)),
    );

    // Every run succeeded, so no migration (plain CREATE TABLE / ALTER TABLE ADD COLUMN) ran twice.
    expect(appliedNames(reports).sort()).toEqual([
      'AddWidgetColour1700000000002',
      'CreateGadgets1700000000001',
      'CreateWidgets1700000000001',
    ]);
    expect(await migrationRows(url, 'widgets')).toEqual([
      { name: 'AddWidgetColour1700000000002', runs: 1 },
      { name: 'CreateWidgets1700000000001', runs: 1 },
    ]);
    expect(await migrationRows(url, 'gadgets')).toEqual([{ name: 'CreateGadgets1700000000001', runs: 1 }]);
    expect(reports.filter((report) => report.lockWaitMs > 0).length).toBeGreaterThanOrEqual(1);
    expect(
      loggers.some((logger) =>
        logger.lines.some((line) => line.includes('another migrate run holds the migration lock (pid')),
      ),
    ).toBe(true);
    expect(await advisoryLocksHeld(url)).toBe(0);
  });

  it('rolls a failing migration back completely, keeps the ones before it, releases the lock, and applies the fix later', async () => {
    const url = await createTestDatabase('migrate_failure');
    const broken = {
      ...widgetsDatabase,
      migrations: [CreateWidgets1700000000001, AddWidgetColour1700000000002, SeedWidgets1700000000003],
    };

    const failure = await runMigrations(url, [broken], recordingLogger()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect(failure).toMatchObject({
      service: 'widgets',
      migration: 'SeedWidgets1700000000003',
      appliedBefore: ['CreateWidgets1700000000001', 'AddWidgetColour1700000000002'],
      rolledBack: true,
    });
    expect((failure as Error).message).toContain('division by zero');

    expect(await tablesBySchema(url)).toEqual(['widgets.migrations', 'widgets.widgets']);
    expect(
      await withClient(url, async (client) => (await client.query('SELECT * FROM widgets.widgets')).rowCount),
    ).toBe(0);
    expect((await migrationRows(url, 'widgets')).map((row) => row.name)).toEqual([
      'AddWidgetColour1700000000002',
      'CreateWidgets1700000000001',
    ]);
    expect(await advisoryLocksHeld(url)).toBe(0);
    expect(
      await withClient(url, async (client) => {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS locked',
          [MIGRATION_LOCK_KEY],
        );
        return rows[0].locked;
      }),
    ).toBe(true);

    const fixed = {
      ...broken,
      migrations: [CreateWidgets1700000000001, AddWidgetColour1700000000002, FixedSeedWidgets1700000000003],
    };
    const report = await runMigrations(url, [fixed], recordingLogger());
    expect(report.services[0].applied).toEqual(['SeedWidgets1700000000003']);
    expect(await tablesBySchema(url)).toEqual([
      'widgets.migrations',
      'widgets.widget_seeds',
      'widgets.widgets',
    ]);
  });

  it('reports TimescaleDB unavailable on plain PostgreSQL and migrates without it', async () => {
    const url = await createTestDatabase('migrate_timescale');
    const logger = recordingLogger();
    const report = await runMigrations(url, [gadgetsDatabase], logger);
    expect(report.timescale).toEqual({ available: false, installed: false });
    expect(report.services[0].applied).toEqual(['CreateGadgets1700000000001']);
    expect(logger.lines).toContain(
      'log: TimescaleDB is not available on this server; analytics uses plain tables',
    );

    expect(await withClient(url, (client) => timescaleAvailability(client))).toEqual({
      available: false,
      installed: false,
    });
    const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      expect(await timescaleAvailability(dataSource)).toEqual({ available: false, installed: false });
    } finally {
      await dataSource.destroy();
    }
  });
});
