import { randomBytes } from 'node:crypto';
import { type LoggerService } from '@nestjs/common';
import { type AppConfig, loadConfig } from '@tracera/config';
import { defineEvent, type Envelope, envelopeFromFields, fieldsToRecord } from '@tracera/contracts';
import { type DbLogger, runMigrations, type ServiceDatabase, serviceDataSourceOptions } from '@tracera/db';
import { createRedisConnection, type RedisConnection } from '@tracera/redis';
import { type Registry } from 'prom-client';
import {
  Column,
  DataSource,
  Entity,
  type MigrationInterface,
  PrimaryGeneratedColumn,
  type QueryRunner,
} from 'typeorm';
import { z } from 'zod';
import { OutboxEntry, outboxTablesV1, OutboxWriter, ProcessedEvent } from '../src';
import { StreamNames } from '../src/stream-names';

/** The schema these tests use; the producer is the content service, as in production. */
export const SCHEMA = 'content';
export const streamNames = new StreamNames('tr:');

/** A stand-in for a content entity changed in the same transaction as its event. */
@Entity({ name: 'notes' })
export class Note {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text' })
  title!: string;
}

export class CreateTestTables1700000000001 implements MigrationInterface {
  readonly name = 'CreateTestTables1700000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of outboxTablesV1(SCHEMA).up) await queryRunner.query(statement);
    await queryRunner.query(`CREATE TABLE ${SCHEMA}.notes (id serial PRIMARY KEY, title text NOT NULL)`);
    // What consumers' effects write, so tests can count how often an effect really happened.
    await queryRunner.query(
      `CREATE TABLE ${SCHEMA}.effects (id serial PRIMARY KEY, event_id uuid NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${SCHEMA}.effects`);
    await queryRunner.query(`DROP TABLE ${SCHEMA}.notes`);
    for (const statement of outboxTablesV1(SCHEMA).down) await queryRunner.query(statement);
  }
}

export const testDatabase: ServiceDatabase = {
  service: 'content',
  schema: SCHEMA,
  entities: [Note, OutboxEntry, ProcessedEvent],
  migrations: [CreateTestTables1700000000001],
};

export const noteCreated = defineEvent('note.created', {
  producer: 'content',
  data: z.object({ noteId: z.number().int().positive(), title: z.string().min(1) }),
});

export const quietDbLogger: DbLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Keeps log lines for assertions and keeps the test output quiet. */
export function recordingLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: unknown) => void lines.push(`${level}: ${String(message)}`);
  return { lines, log: record('log'), warn: record('warn'), error: record('error'), debug: record('debug') };
}

export async function migrateTestDatabase(url: string): Promise<void> {
  await runMigrations(url, [testDatabase], quietDbLogger);
}

/** The data source a content replica would have: bound to its schema, as DbModule builds it. */
export async function openDataSource(url: string, poolSize = 5): Promise<DataSource> {
  const dataSource = new DataSource(
    serviceDataSourceOptions(
      testDatabase,
      { url, poolSize, connectTimeoutMs: 2000, statementTimeoutMs: 15_000 },
      { logger: quietDbLogger },
    ),
  );
  return dataSource.initialize();
}

export function testConfig(
  redisAddress: string,
  databaseUrl = 'postgres://unused@127.0.0.1/unused',
): AppConfig {
  return loadConfig(
    { service: 'content', defaultPort: 0 },
    {
      REDIS_ADDR: redisAddress,
      DATABASE_URL: databaseUrl,
      REDIS_DIAL_TIMEOUT: '500ms',
      REDIS_READ_TIMEOUT: '1s',
      REDIS_WRITE_TIMEOUT: '1s',
    },
  );
}

/** The shared command connection a service uses for publishing (fails fast while Redis is down). */
export function commandConnection(redisAddress: string, logger: LoggerService): RedisConnection {
  return createRedisConnection(testConfig(redisAddress).redis.core, {
    service: 'content',
    purpose: 'command',
    logger,
  });
}

export function newWriter(streams: StreamNames = streamNames): OutboxWriter {
  return new OutboxWriter({ schema: SCHEMA, producer: 'content', streams });
}

/** Stream names with a prefix of their own, so tests sharing the run's Redis never read each other's entries. */
export function uniqueStreamNames(): StreamNames {
  return new StreamNames(`t${randomBytes(4).toString('hex')}:`);
}

/** The value of one schema's series of a counter or gauge. */
export async function metricValue(registry: Registry, name: string, schema = SCHEMA): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.find((value) => value.labels.schema === schema)?.value ?? 0;
}

/** Writes `count` note.created events, `perTransaction` per transaction, each with its note. */
export async function writeNotes(
  dataSource: DataSource,
  writer: OutboxWriter,
  count: number,
  perTransaction = 1,
): Promise<string[]> {
  const ids: string[] = [];
  for (let written = 0; written < count; written += perTransaction) {
    const batch = Math.min(perTransaction, count - written);
    const batchIds = await writer.transaction(dataSource, async (manager, emit) => {
      const emitted: string[] = [];
      for (let i = 0; i < batch; i++) {
        const note = await manager.save(Note, { title: `note ${written + i}` });
        emitted.push(emit(noteCreated, { noteId: note.id, title: note.title }, { actor: 'u-1' }).id);
      }
      return emitted;
    });
    ids.push(...batchIds);
  }
  return ids;
}

/** Event ids in outbox (seq) order. */
export async function outboxOrder(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ event_id: string }[]>(
    `SELECT event_id::text FROM ${SCHEMA}.outbox ORDER BY seq`,
  );
  return rows.map((row) => row.event_id);
}

export async function unpublishedCount(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`,
  );
  return row.n;
}

/** Every entry of `stream`, parsed, oldest first. */
export async function streamEnvelopes(redis: RedisConnection, stream: string): Promise<Envelope[]> {
  const entries = await redis.xrange(stream, '-', '+');
  return entries.map(([, fields]) => envelopeFromFields(fieldsToRecord(fields)));
}

/** `ids` with repeats removed, keeping each id's first position. */
export function firstOccurrences(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
