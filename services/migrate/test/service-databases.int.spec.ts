import { Client } from 'pg';
import { assertValidServiceDatabases, runMigrations } from '@tracera/db';
import { createTestDatabase } from '@tracera/testing';
import { SERVICE_DATABASES } from '../src/service-databases';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('the services’ databases', () => {
  it('are six valid descriptors, one schema each except the gateway', () => {
    expect(() => assertValidServiceDatabases(SERVICE_DATABASES)).not.toThrow();
    expect(SERVICE_DATABASES.map((database) => [database.service, database.schema])).toEqual([
      ['gateway', null],
      ['auth', 'auth'],
      ['content', 'content'],
      ['search-cache', 'search'],
      ['messaging', 'messaging'],
      ['analytics', 'analytics'],
    ]);
  });

  it('migrate a fresh database into five owned, documented schemas, each with its outbox', async () => {
    const url = await createTestDatabase('migrate_services');
    const report = await runMigrations(url, SERVICE_DATABASES, quiet);
    const schemas = ['auth', 'content', 'search', 'messaging', 'analytics'];
    expect(report.services.map((service) => service.schema)).toEqual(schemas);
    for (const service of report.services) {
      // Every schema starts with these two; services add their own migrations after them.
      expect(service.applied.slice(0, 2).map((name) => name.replace(/\d+$/, ''))).toEqual([
        expect.stringMatching(/^Document\w+Schema$/),
        'CreateOutbox',
      ]);
    }

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ schema: string; comment: string; migrations: number }>(
        `SELECT n.nspname AS schema, obj_description(n.oid, 'pg_namespace') AS comment,
                (SELECT count(*)::int FROM information_schema.tables t WHERE t.table_schema = n.nspname AND t.table_name = 'migrations') AS migrations
           FROM pg_namespace n WHERE n.nspname IN ('auth', 'content', 'search', 'messaging', 'analytics', 'gateway') ORDER BY 1`,
      );
      expect(rows.map((row) => [row.schema, row.migrations])).toEqual([
        ['analytics', 1],
        ['auth', 1],
        ['content', 1],
        ['messaging', 1],
        ['search', 1],
      ]);
      expect(rows.find((row) => row.schema === 'search')?.comment).toMatch(
        /^Owned by the search-cache service/,
      );
    } finally {
      await client.end();
    }
    expect(
      (await runMigrations(url, SERVICE_DATABASES, quiet)).services.every(
        (service) => service.applied.length === 0,
      ),
    ).toBe(true);
  });
});
