import { runMigrations, serviceDataSourceOptions } from '@tracera/db';
import { createTestDatabase } from '@tracera/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SERVICE_DATABASES } from '../../../services/migrate/src/service-databases';
import { quietDbLogger } from './outbox-fixtures';

const OWNING = SERVICE_DATABASES.filter((database) => database.schema !== null);

describe("the services' outbox migrations", () => {
  let url: string;

  beforeAll(async () => {
    url = await createTestDatabase('outbox_migrations');
    await runMigrations(url, SERVICE_DATABASES, quietDbLogger);
  });

  async function outboxObjects(): Promise<string[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
          WHERE table_name IN ('outbox', 'processed_events')
         UNION ALL
         SELECT event_object_schema || '.' || trigger_name FROM information_schema.triggers WHERE trigger_name = 'outbox_notify'
         ORDER BY 1`,
      );
      return rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  }

  it('give every schema-owning service its outbox, notify trigger and processed_events', async () => {
    const expected = OWNING.flatMap((database) => [
      `${database.schema}.outbox`,
      `${database.schema}.outbox_notify`,
      `${database.schema}.processed_events`,
    ]).sort();
    expect(await outboxObjects()).toEqual(expected);
  });

  /** CreateOutbox and every migration after it, in the order they apply. */
  const fromOutbox = (database: (typeof OWNING)[number]): string[] => {
    const names = database.migrations.map((migration) => migration.name);
    return names.slice(names.indexOf('CreateOutbox1795500000000'));
  };

  it('are reversible (with every migration that came after them)', async () => {
    for (const database of OWNING) {
      const dataSource = await new DataSource(
        serviceDataSourceOptions(
          database,
          { url, poolSize: 1, connectTimeoutMs: 2000, statementTimeoutMs: 0 },
          { logger: quietDbLogger },
        ),
      ).initialize();
      try {
        for (const _migration of fromOutbox(database)) {
          await dataSource.undoLastMigration({ transaction: 'each' });
        }
      } finally {
        await dataSource.destroy();
      }
    }
    expect(await outboxObjects()).toEqual([]);

    const again = await runMigrations(url, SERVICE_DATABASES, quietDbLogger);
    expect(again.services.map((service) => service.applied)).toEqual(OWNING.map(fromOutbox));
    expect(await outboxObjects()).toHaveLength(OWNING.length * 3);
  });
});
