import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { type z } from 'zod';
import { type AppConfig } from '@tracera/config';
import {
  type Envelope,
  envelopeFromFields,
  fieldsToRecord,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
} from '@tracera/contracts';
import { type DbLogger, runMigrations } from '@tracera/db';
import { createServiceApp } from '@tracera/platform';
import { RedisClients } from '@tracera/redis';
import { RedisStreamsClient, RpcError, StreamNames } from '@tracera/streams';
import { createTestDatabase, startStreamsPeer, testServiceConfig } from '@tracera/testing';
import { contentService } from '../src/content.service-definition';

const quietLogger: DbLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A key prefix of the test's own, so tests sharing the run's redis-server never see each other's streams. */
export function uniquePrefix(): string {
  return `ct${randomBytes(4).toString('hex')}:`;
}

/** A fresh database with the content schema migrated (files and transfers tables included). */
export async function migratedContentDatabase(label = 'content'): Promise<string> {
  const url = await createTestDatabase(label);
  await runMigrations(url, [contentService.database], quietLogger);
  return url;
}

/** What a caller may send: the contract's input, before defaults are applied. */
export type RequestInput<C extends RpcContract> = z.input<C['request']>;

export interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
}

/**
 * The real content service in-process (as `createServiceApp` builds it) on a fresh migrated database and a
 * Redis key prefix of its own, listening on port 0, plus a caller and SQL access to its schema.
 */
export class ContentTestBed {
  private constructor(
    readonly app: NestFastifyApplication,
    private readonly caller: INestApplication,
    readonly sql: Pool,
    readonly databaseUrl: string,
    readonly prefix: string,
    readonly url: string,
    readonly config: AppConfig,
    private readonly filesDir: string | null,
  ) {}

  /** `env` overrides the defaults (e.g. `BOOKMARK_FETCH_METADATA`); FILES_DIR defaults to a fresh temp dir. */
  static async start(env: Record<string, string> = {}, label = 'content'): Promise<ContentTestBed> {
    const databaseUrl = env.DATABASE_URL ?? (await migratedContentDatabase(label));
    const prefix = env.REDIS_KEY_PREFIX ?? uniquePrefix();
    const filesDir = env.FILES_DIR === undefined ? mkdtempSync(join(tmpdir(), 'tracera-content-')) : null;
    const fullEnv = {
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: prefix,
      ...(filesDir === null ? {} : { FILES_DIR: filesDir }),
      ...env,
    };
    const config = testServiceConfig({ service: 'content', defaultPort: 8082 }, fullEnv);
    const app = await createServiceApp(contentService, config);
    try {
      await app.startAllMicroservices();
      await app.listen({ port: 0, host: '127.0.0.1' });
    } catch (error) {
      await app.close();
      throw error;
    }
    const caller = await startStreamsPeer(
      testServiceConfig({ service: 'gateway', defaultPort: 8082 }, fullEnv),
      15_000,
    );
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return new ContentTestBed(
      app,
      caller,
      new Pool({ connectionString: databaseUrl, max: 3 }),
      databaseUrl,
      prefix,
      `http://127.0.0.1:${port}`,
      config,
      filesDir,
    );
  }

  /** Calls over the streams transport; `request` may leave out fields with defaults (the contract fills them). */
  call<C extends RpcContract>(contract: C, request: RequestInput<C>): Promise<RpcResponse<C>> {
    return this.caller.get(RedisStreamsClient).call(contract, request as RpcRequest<C>, { actor: 'test' });
  }

  /** The RpcError a call fails with; fails the test if it succeeds. */
  async failure<C extends RpcContract>(contract: C, request: RequestInput<C>): Promise<RpcError> {
    try {
      await this.call(contract, request);
    } catch (error) {
      if (error instanceof RpcError) return error;
      throw error;
    }
    throw new Error(`expected ${contract.type} to fail`);
  }

  async query<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.sql.query<T>(text, values)).rows;
  }

  /** Events committed to the outbox (in commit order), optionally only those about one user. */
  async outbox(userId?: string): Promise<StoredEvent[]> {
    return this.query<StoredEvent>(
      `SELECT type, data FROM content.outbox WHERE $1::text IS NULL OR data->>'userId' = $1 ORDER BY seq`,
      [userId ?? null],
    );
  }

  /** Event types in the outbox, in commit order, optionally only those about one user. */
  async outboxTypes(userId?: string): Promise<string[]> {
    return (await this.outbox(userId)).map((event) => event.type);
  }

  /** Events the relay has published on the content event stream so far, oldest first. */
  async events(): Promise<Envelope[]> {
    const redis = this.caller.get(RedisClients).core;
    const stream = new StreamNames(this.prefix).events('content');
    const entries = await redis.xrange(stream, '-', '+');
    return entries.map(([, fields]) => envelopeFromFields(fieldsToRecord(fields)));
  }

  async close(): Promise<void> {
    await this.caller.close();
    await this.app.close();
    await this.sql.end();
    if (this.filesDir !== null) rmSync(this.filesDir, { recursive: true, force: true });
  }
}

/** A user id of its own per test, so tests sharing a bed never see each other's items. */
export function newUserId(): string {
  return randomUUID();
}

/** The fields a VALIDATION error names. */
export function fieldsOf(error: RpcError): string[] {
  const { errors } = error.details as { errors: { field: string; message: string }[] };
  return errors.map((entry) => entry.field);
}
