import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { type z } from 'zod';
import {
  authRpc,
  contentRpc,
  type Envelope,
  envelopeFromFields,
  envelopeToFields,
  fieldsToRecord,
  type RoomEvent,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
} from '@tracera/contracts';
import { type DbLogger, runMigrations } from '@tracera/db';
import { createServiceApp, type ServiceDefinition } from '@tracera/platform';
import { RedisClients } from '@tracera/redis';
import { RedisStreamsClient, RpcError, StreamNames } from '@tracera/streams';
import { createTestDatabase, startStreamsPeer, testServiceConfig, waitFor } from '@tracera/testing';
import { authService } from '../../auth/src/auth.service-definition';
import { contentService } from '../../content/src/content.service-definition';
import { messagingService } from '../src/messaging.service-definition';

const quietLogger: DbLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** What a caller may send: the contract's input, before defaults are applied. */
export type RequestInput<C extends RpcContract> = z.input<C['request']>;

/** A row of `messaging.outbox`, in commit order. */
export interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface TestUser {
  id: string;
  username: string;
}

/** A key prefix of the bed's own, so beds sharing the run's redis-server never see each other's streams. */
function uniquePrefix(): string {
  return `msg${randomBytes(4).toString('hex')}:`;
}

async function startApp(definition: ServiceDefinition, defaultPort: number, env: Record<string, string>) {
  const app = await createServiceApp(
    definition,
    testServiceConfig({ service: definition.service, defaultPort }, env),
  );
  try {
    await app.startAllMicroservices();
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

/**
 * The real auth, content and messaging services in-process (as `createServiceApp` builds each of them) on
 * one freshly migrated database and one Redis key prefix, plus a caller standing in for the gateway and SQL
 * access to the messaging schema.
 */
export class MessagingTestBed {
  private constructor(
    readonly auth: NestFastifyApplication,
    readonly content: NestFastifyApplication,
    readonly messaging: NestFastifyApplication,
    private readonly caller: INestApplication,
    readonly sql: Pool,
    readonly databaseUrl: string,
    readonly prefix: string,
    private readonly filesDir: string,
  ) {}

  /** The first account of the bed's database, so an admin: disables people in {@link disableUser}. */
  private admin!: TestUser;

  /** `env` overrides the services' defaults (all three share it). */
  static async start(label = 'messaging', env: Record<string, string> = {}): Promise<MessagingTestBed> {
    const databaseUrl = await createTestDatabase(label);
    await runMigrations(
      databaseUrl,
      [authService.database, contentService.database, messagingService.database],
      quietLogger,
    );
    const filesDir = mkdtempSync(join(tmpdir(), 'tracera-messaging-'));
    const fullEnv = {
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: uniquePrefix(),
      FILES_DIR: filesDir,
      BOOKMARK_FETCH_METADATA: 'false',
      ...env,
    };
    const apps: NestFastifyApplication[] = [];
    try {
      apps.push(await startApp(authService, 8081, fullEnv));
      apps.push(await startApp(contentService, 8082, fullEnv));
      apps.push(await startApp(messagingService, 8084, fullEnv));
      const caller = await startStreamsPeer(
        testServiceConfig({ service: 'gateway', defaultPort: 8080 }, fullEnv),
        15_000,
      );
      const [auth, content, messaging] = apps;
      const bed = new MessagingTestBed(
        auth,
        content,
        messaging,
        caller,
        new Pool({ connectionString: databaseUrl, max: 3 }),
        databaseUrl,
        fullEnv.REDIS_KEY_PREFIX,
        filesDir,
      );
      bed.admin = await bed.registerUser('admin');
      return bed;
    } catch (error) {
      for (const app of apps.reverse()) await app.close();
      rmSync(filesDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Calls over the streams transport as the gateway would; `request` may leave out fields with defaults. */
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

  /** Registers a real user in auth (the messaging service learns them from its events or a lookup). */
  async registerUser(label = 'user', displayName?: string): Promise<TestUser> {
    const username = `${label}${randomBytes(3).toString('hex')}`;
    const { user } = await this.call(authRpc.register, {
      email: `${username}@example.test`,
      username,
      password: 'correct horse battery staple',
      displayName,
      ip: null,
      userAgent: null,
    });
    return { id: user.id, username: user.username };
  }

  /** `count` users, registered one after the other. */
  async registerUsers(count: number, label = 'user'): Promise<TestUser[]> {
    const users: TestUser[] = [];
    for (let index = 0; index < count; index += 1) users.push(await this.registerUser(`${label}${index}`));
    return users;
  }

  /**
   * Disables a user through auth's admin RPC, as an admin would, and waits until the messaging service has
   * consumed the resulting user.updated (disabled: true).
   */
  async disableUser(userId: string): Promise<void> {
    await this.call(authRpc.adminUpdateUser, { actorId: this.admin.id, userId, disabled: true });
    await waitFor(
      async () => (await this.count('users', 'WHERE user_id = $1 AND disabled', [userId])) === 1,
      { description: `messaging to learn that ${userId} is disabled` },
    );
  }

  /** A note of `userId`'s own, for attachments. */
  async createNote(userId: string, title = 'A note'): Promise<{ id: string; title: string }> {
    const { note } = await this.call(contentRpc.createNote, { userId, title, body: 'Some text' });
    return { id: note.id, title: note.title };
  }

  /** A bookmark of `userId`'s own, for attachments. */
  async createBookmark(userId: string, title = 'A bookmark'): Promise<{ id: string; title: string }> {
    const { bookmark } = await this.call(contentRpc.createBookmark, {
      userId,
      url: `https://example.com/${randomBytes(4).toString('hex')}`,
      title,
    });
    return { id: bookmark.id, title: bookmark.title };
  }

  /** A task of `userId`'s own, for attachments. */
  async createTask(userId: string, title = 'A task'): Promise<{ id: string; title: string }> {
    const { task } = await this.call(contentRpc.createTask, { userId, title });
    return { id: task.id, title: task.title };
  }

  async query<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.sql.query<T>(text, values)).rows;
  }

  /** Events committed to messaging's outbox, in commit order, optionally only those of one conversation. */
  async outbox(conversationId?: string): Promise<StoredEvent[]> {
    return this.query<StoredEvent>(
      `SELECT type, data FROM messaging.outbox
        WHERE $1::text IS NULL OR data->>'conversationId' = $1 ORDER BY seq`,
      [conversationId ?? null],
    );
  }

  /** The room events of one conversation as written to the outbox (the domain events' data), in commit order. */
  async roomEvents(conversationId: string): Promise<RoomEvent[]> {
    const rows = await this.query<{ data: RoomEvent }>(
      `SELECT data FROM messaging.outbox
        WHERE data->>'conversationId' = $1 AND data ? 'seq' ORDER BY seq`,
      [conversationId],
    );
    return rows.map((row) => row.data);
  }

  /** The notification.created events for one user in the outbox, in commit order. */
  async notificationEvents(userId: string): Promise<StoredEvent[]> {
    return this.query<StoredEvent>(
      `SELECT type, data FROM messaging.outbox
        WHERE type = 'notification.created' AND data->>'userId' = $1 ORDER BY seq`,
      [userId],
    );
  }

  /** Events a service's relay has published on its event stream so far (default messaging), oldest first. */
  async publishedEvents(producer = 'messaging'): Promise<Envelope[]> {
    const redis = this.caller.get(RedisClients).core;
    const stream = new StreamNames(this.prefix).events(producer);
    const entries = await redis.xrange(stream, '-', '+');
    return entries.map(([, fields]) => envelopeFromFields(fieldsToRecord(fields)));
  }

  /** Appends an envelope to a producer's event stream again, as a redelivery or a late duplicate would. */
  async republish(producer: string, envelope: Envelope): Promise<void> {
    const redis = this.caller.get(RedisClients).core;
    await redis.xadd(new StreamNames(this.prefix).events(producer), '*', ...envelopeToFields(envelope));
  }

  /** Row count of a messaging table, e.g. `conversations`, optionally filtered (`WHERE …` text). */
  async count(table: string, where = '', values: unknown[] = []): Promise<number> {
    const rows = await this.query<{ n: string }>(
      `SELECT count(*) AS n FROM messaging.${table} ${where}`,
      values,
    );
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    await this.caller.close();
    await this.messaging.close();
    await this.content.close();
    await this.auth.close();
    await this.sql.end();
    rmSync(this.filesDir, { recursive: true, force: true });
  }
}

/** The fields a VALIDATION error names. */
export function fieldsOf(error: RpcError): string[] {
  const { errors } = (error.details ?? { errors: [] }) as { errors: { field: string; message: string }[] };
  return errors.map((entry) => entry.field);
}
