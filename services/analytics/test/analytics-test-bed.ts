import { randomBytes } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { type z } from 'zod';
import {
  authEvent,
  type BookmarkView,
  createEnvelope,
  type Envelope,
  envelopeToFields,
  type EventContract,
  type EventData,
  type FileView,
  type MessageView,
  type NoteView,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
  type TaskView,
} from '@tracera/contracts';
import { type DbLogger, runMigrations } from '@tracera/db';
import { createServiceApp } from '@tracera/platform';
import { type RedisConnection, RedisClients } from '@tracera/redis';
import { RedisStreamsClient, RpcError, StreamNames } from '@tracera/streams';
import { createTestDatabase, startStreamsPeer, testServiceConfig, waitFor } from '@tracera/testing';
import { analyticsService } from '../src/analytics.service-definition';

const quietLogger: DbLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The producers whose streams analytics reads. */
const PRODUCERS = ['auth', 'content', 'messaging'] as const;

/** What a caller may send: the contract's input, before defaults are applied. */
export type RequestInput<C extends RpcContract> = z.input<C['request']>;

export interface PublishOptions {
  /** The event's `ts` (default now). */
  at?: Date | string;
  /** A fixed event id, e.g. to publish the same fact twice. */
  id?: string;
  /** Default: the data's `userId`, else `system`. */
  actor?: string;
}

export interface BedUser {
  id: string;
  username: string;
  displayName: string;
  timeZone: string;
}

/**
 * The real analytics service in-process (as `createServiceApp` builds it) on a freshly migrated database and
 * a key prefix of its own, fed by domain events the test publishes on the producers' streams exactly as their
 * outbox relays would (with chosen times and ids), plus a caller standing in for the gateway.
 */
export class AnalyticsTestBed {
  private constructor(
    public analytics: NestFastifyApplication | undefined,
    private readonly caller: INestApplication,
    readonly sql: Pool,
    readonly databaseUrl: string,
    readonly prefix: string,
    private readonly env: Record<string, string>,
  ) {}

  /** `env` overrides the service's defaults. */
  static async start(label = 'analytics', env: Record<string, string> = {}): Promise<AnalyticsTestBed> {
    const databaseUrl = await createTestDatabase(label);
    await runMigrations(databaseUrl, [analyticsService.database], quietLogger);
    const fullEnv = {
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: `an${randomBytes(4).toString('hex')}:`,
      ...env,
    };
    const caller = await startStreamsPeer(
      testServiceConfig({ service: 'gateway', defaultPort: 8080 }, fullEnv),
      15_000,
    );
    const bed = new AnalyticsTestBed(
      undefined,
      caller,
      new Pool({ connectionString: databaseUrl, max: 3 }),
      databaseUrl,
      fullEnv.REDIS_KEY_PREFIX,
      fullEnv,
    );
    try {
      await bed.startAnalytics();
    } catch (error) {
      await caller.close();
      await bed.sql.end();
      throw error;
    }
    return bed;
  }

  /** Starts the analytics service (again, after {@link stopAnalytics}); its consumer group resumes where it was. */
  async startAnalytics(): Promise<void> {
    if (this.analytics) throw new Error('analytics is running');
    const app = await createServiceApp(
      analyticsService,
      testServiceConfig({ service: 'analytics', defaultPort: 8085 }, this.env),
    );
    try {
      // Connects Postgres before the consumers start, so a backlog's first batch does not fail and wait a retry.
      await app.init();
      await app.startAllMicroservices();
      await app.listen({ port: 0, host: '127.0.0.1' });
    } catch (error) {
      await app.close();
      throw error;
    }
    this.analytics = app;
  }

  /** Stops the analytics service gracefully (events published meanwhile wait in its consumer group). */
  async stopAnalytics(): Promise<void> {
    const app = this.analytics;
    this.analytics = undefined;
    await app?.close();
  }

  /** The caller's core Redis connection (the bed's prefix is {@link prefix}). */
  get redis(): RedisConnection {
    return this.caller.get(RedisClients).core;
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

  /**
   * Appends a domain event to its producer's stream as that producer's outbox relay would. The data is checked
   * against the contract first, so a test cannot publish what no producer could.
   */
  async publish<C extends EventContract>(
    contract: C,
    data: EventData<C>,
    options: PublishOptions = {},
  ): Promise<Envelope<EventData<C>>> {
    const checked = contract.data.parse(data) as EventData<C>;
    const userId = (checked as { userId?: unknown }).userId;
    const envelope = createEnvelope({
      type: contract.type,
      v: contract.v,
      actor: options.actor ?? (typeof userId === 'string' ? userId : 'system'),
      data: checked,
      id: options.id,
      now: options.at === undefined ? undefined : new Date(options.at),
    });
    await this.republish(contract.producer, envelope);
    return envelope;
  }

  /** Appends an envelope to a producer's stream again, as a redelivery or a late duplicate would. */
  async republish(producer: string, envelope: Envelope): Promise<void> {
    await this.redis.xadd(new StreamNames(this.prefix).events(producer), '*', ...envelopeToFields(envelope));
  }

  /**
   * Waits until analytics has handled (acknowledged or dead-lettered) everything on the producers' streams.
   * Fails on a dead-lettered entry unless `allowDeadLetters`.
   */
  async settle(options: { timeoutMs?: number; allowDeadLetters?: boolean } = {}): Promise<void> {
    await waitFor(async () => (await this.backlog()) === 0, {
      timeoutMs: options.timeoutMs ?? 15_000,
      description: 'analytics to handle every published event',
    });
    if (!options.allowDeadLetters) {
      const dead = await this.deadLetters();
      if (dead > 0) throw new Error(`${dead} event(s) were dead-lettered by analytics`);
    }
  }

  /** Entries on the producers' streams analytics has not handled yet (unread plus pending). */
  async backlog(): Promise<number> {
    const names = new StreamNames(this.prefix);
    let total = 0;
    for (const producer of PRODUCERS) {
      const stream = names.events(producer);
      if ((await this.redis.exists(stream)) === 0) continue;
      const groups = (await this.redis.xinfo('GROUPS', stream)) as unknown[][];
      const group = groups.map(pairsToRecord).find((entry) => entry.name === 'analytics');
      const length = await this.redis.xlen(stream);
      if (!group) {
        total += length;
        continue;
      }
      const pending = Number(group.pending);
      const lag = group.lag === null || group.lag === undefined ? length : Number(group.lag);
      total += pending + lag;
    }
    return total;
  }

  /** How many entries analytics dead-lettered on the producers' streams. */
  async deadLetters(): Promise<number> {
    const names = new StreamNames(this.prefix);
    let total = 0;
    for (const producer of PRODUCERS)
      total += await this.redis.xlen(names.deadLetters(names.events(producer)));
    return total;
  }

  /**
   * A person analytics knows, as auth would announce them: `user.registered`, then `user.updated` with the
   * time zone. Waits until the directory copy has them.
   */
  async addUser(
    options: { username?: string; displayName?: string; timeZone?: string } = {},
  ): Promise<BedUser> {
    const id = crypto.randomUUID();
    const username = options.username ?? `user${randomBytes(3).toString('hex')}`;
    const displayName = options.displayName ?? username;
    const timeZone = options.timeZone ?? 'UTC';
    await this.publish(authEvent.userRegistered, { userId: id, username, displayName, role: 'user' });
    await this.publish(authEvent.userUpdated, {
      userId: id,
      changed: ['timeZone'],
      username,
      displayName,
      avatarUrl: null,
      timeZone,
      locale: 'en',
      role: 'user',
      disabled: false,
    });
    await this.settle();
    return { id, username, displayName, timeZone };
  }

  async query<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.sql.query<T>(text, values)).rows;
  }

  /** Row count of an analytics table, e.g. `activity`, optionally filtered (`WHERE …` text). */
  async count(table: string, where = '', values: unknown[] = []): Promise<number> {
    const rows = await this.query<{ n: string }>(
      `SELECT count(*) AS n FROM analytics.${table} ${where}`,
      values,
    );
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    await this.stopAnalytics();
    await this.caller.close();
    await this.sql.end();
  }
}

/** XINFO's flat `[name, value, …]` reply as an object. */
function pairsToRecord(pairs: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let index = 0; index + 1 < pairs.length; index += 2) record[String(pairs[index])] = pairs[index + 1];
  return record;
}

/** The fields a VALIDATION error names. */
export function fieldsOf(error: RpcError): string[] {
  const { errors } = (error.details ?? { errors: [] }) as { errors: { field: string; message: string }[] };
  return errors.map((entry) => entry.field);
}

/** A fresh UUID for item, message or session ids in scripted events. */
export function newId(): string {
  return crypto.randomUUID();
}

// Snapshots as content and messaging put them in events, with what analytics reads chosen and the rest fixed.

function itemBase(id: string, tags: string[], at: string, version: number) {
  return { id, tags, collectionId: null, createdAt: at, updatedAt: at, version };
}

export function bookmarkView(
  id: string,
  at: string,
  tags: string[] = [],
  domain = 'example.com',
  version = 1,
): BookmarkView {
  return {
    ...itemBase(id, tags, at, version),
    url: `https://${domain}/${id}`,
    domain,
    title: `Read on ${domain}`,
    description: '',
    faviconUrl: null,
    favorite: false,
    read: false,
    archived: false,
  };
}

export function noteView(id: string, at: string, tags: string[] = [], version = 1): NoteView {
  return { ...itemBase(id, tags, at, version), title: 'A note', body: 'text', pinned: false };
}

export function taskView(id: string, at: string, tags: string[] = [], done = false, version = 1): TaskView {
  return {
    ...itemBase(id, tags, at, version),
    title: 'A task',
    description: '',
    status: done ? 'done' : 'todo',
    priority: 'medium',
    dueAt: null,
    parentId: null,
    completedAt: done ? at : null,
  };
}

export function fileView(id: string, at: string, tags: string[] = [], version = 1): FileView {
  return {
    ...itemBase(id, tags, at, version),
    name: 'report.pdf',
    size: 10,
    contentType: 'application/pdf',
    checksum: 'a'.repeat(64),
    description: '',
  };
}

export function messageView(
  id: string,
  conversationId: string,
  senderId: string,
  at: string,
  seq: number,
): MessageView {
  return {
    id,
    conversationId,
    seq,
    senderId,
    body: 'hello',
    attachments: [],
    reactions: [],
    mentions: [],
    clientId: null,
    createdAt: at,
    editedAt: null,
    deletedAt: null,
  };
}
