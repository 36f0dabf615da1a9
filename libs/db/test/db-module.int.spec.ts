import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule, loadConfig } from '@tracera/config';
import { type EmbeddedPostgres } from '@tracera/embedded-servers';
import { ReadinessRegistry, type ReadinessCheck } from '@tracera/observability';
import { startThrowawayPostgres, waitFor } from '@tracera/testing';
import { type Repository } from 'typeorm';
import { DatabaseConnector, DbModule, isDatabaseUnavailableError, runMigrations } from '../src';
import { recordingLogger, Widget, widgetsDatabase } from './fixtures';

/** Stands in for ObservabilityModule, which provides the registry globally in a real service. */
@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessTestModule {}

@Module({ imports: [TypeOrmModule.forFeature([Widget])] })
class WidgetFeatureModule {}

async function startService(databaseUrl: string): Promise<TestingModule> {
  const config = loadConfig(
    { service: 'widgets', defaultPort: 0 },
    {
      DATABASE_URL: databaseUrl,
      HEALTH_CHECK_TIMEOUT: '1s',
      DATABASE_CONNECT_TIMEOUT: '1s',
      DATABASE_STATEMENT_TIMEOUT: '15s',
    },
  );
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      ReadinessTestModule,
      DbModule.forService(widgetsDatabase),
      WidgetFeatureModule,
    ],
  })
    .setLogger(recordingLogger())
    .compile();
  await moduleRef.init();
  return moduleRef;
}

function postgresCheck(moduleRef: TestingModule): ReadinessCheck {
  const check = moduleRef
    .get(ReadinessRegistry)
    .list()
    .find((candidate) => candidate.name === 'postgres');
  if (!check) throw new Error('no postgres readiness check registered');
  return check;
}

const healthy = (check: ReadinessCheck) => () =>
  check.check().then(
    () => true,
    () => false,
  );

describe('DbModule', () => {
  let postgres: EmbeddedPostgres;

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    await runMigrations(postgres.url(), [widgetsDatabase], recordingLogger());
  });

  afterAll(async () => {
    await postgres.stop();
  });

  it('binds the data source to the service schema and settings, and closes it at shutdown', async () => {
    const moduleRef = await startService(postgres.url());
    const dataSource = moduleRef.get(DatabaseConnector).dataSource;
    try {
      const [session] = await dataSource.query<{ app: string; timeout: string; path: string }[]>(
        "SELECT current_setting('application_name') AS app, current_setting('statement_timeout') AS timeout, current_setting('search_path') AS path",
      );
      expect(session).toEqual({ app: 'widgets', timeout: '15s', path: 'widgets,public' });

      const widgets = moduleRef.get<Repository<Widget>>(getRepositoryToken(Widget));
      await widgets.save({ label: 'first', colour: 'teal' });
      expect(await dataSource.query('SELECT label, colour FROM widgets.widgets')).toEqual([
        { label: 'first', colour: 'teal' },
      ]);
      expect(await dataSource.query("SELECT to_regclass('public.widgets') AS misplaced")).toEqual([
        { misplaced: null },
      ]);
    } finally {
      await moduleRef.close();
    }
    expect(dataSource.isInitialized).toBe(false);
  });

  it('turns readiness red within 2 s when Postgres stops and green again when it returns, without a restart', async () => {
    const moduleRef = await startService(postgres.url());
    try {
      const check = postgresCheck(moduleRef);
      expect(check.critical).toBe(true);
      const details = await check.check();
      expect(details).toMatchObject({
        schema: 'widgets',
        latencyMs: expect.any(Number) as number,
        pool: { total: expect.any(Number) as number },
      });

      await postgres.stop();
      const started = Date.now();
      await expect(check.check()).rejects.toThrow(/postgres/);
      expect(Date.now() - started).toBeLessThan(2000);
      const widgets = moduleRef.get<Repository<Widget>>(getRepositoryToken(Widget));
      expect(isDatabaseUnavailableError(await widgets.find().catch((error: unknown) => error))).toBe(true);

      await postgres.start();
      await waitFor(healthy(check), { timeoutMs: 10_000, description: 'postgres readiness after restart' });
      expect(await widgets.count()).toBeGreaterThanOrEqual(0);
    } finally {
      await moduleRef.close();
    }
  });

  it('starts while Postgres is down, answers 503-style errors, and connects in the background when it comes up', async () => {
    await postgres.stop();
    const started = Date.now();
    const moduleRef = await startService(postgres.url());
    try {
      expect(Date.now() - started).toBeLessThan(3000);
      const check = postgresCheck(moduleRef);
      await expect(check.check()).rejects.toThrow(/postgres is not connected: .*ECONNREFUSED/);
      const widgets = moduleRef.get<Repository<Widget>>(getRepositoryToken(Widget));
      const early = await widgets.find().catch((error: unknown) => error);
      expect(isDatabaseUnavailableError(early)).toBe(true);

      await postgres.start();
      await waitFor(healthy(check), {
        timeoutMs: 10_000,
        description: 'postgres readiness after a start without it',
      });
      expect(moduleRef.get(DatabaseConnector).connected).toBe(true);
      expect(await widgets.count()).toBeGreaterThanOrEqual(0);
    } finally {
      await moduleRef.close();
    }
  });

  it('shuts down cleanly while still waiting for Postgres', async () => {
    await postgres.stop();
    const moduleRef = await startService(postgres.url());
    const started = Date.now();
    await moduleRef.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(moduleRef.get(DatabaseConnector).connected).toBe(false);
    await postgres.start();
  });
});
