import { randomBytes, randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { type z } from 'zod';
import {
  type BookmarkView,
  type EventContract,
  type NoteView,
  searchRpc,
  type SearchResult,
  type TaskView,
} from '@tracera/contracts';
import { runMigrations } from '@tracera/db';
import { createServiceApp } from '@tracera/platform';
import { RedisStreamsClient, StreamNames } from '@tracera/streams';
import {
  connectTestRedis,
  createTestDatabase,
  sharedInfra,
  startStreamsPeer,
  testServiceConfig,
  waitFor,
} from '@tracera/testing';
import { searchCacheDatabase } from '../src/database/search-cache.database';
import { searchCacheService } from '../src/search-cache.service-definition';

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export function uniquePrefix(): string {
  return `s${randomBytes(4).toString('hex')}:`;
}

/** Config of the search-cache service (or of a peer playing `service`) on the test's own prefix and database. */
function testConfig(service: string, prefix: string, databaseUrl: string, env: Record<string, string>) {
  return testServiceConfig(
    { service, defaultPort: 8083 },
    { REDIS_KEY_PREFIX: prefix, DATABASE_URL: databaseUrl, ...env },
  );
}

/** The real search-cache app in-process on a fresh migrated schema, fed through the real content stream. */
export class SearchTestBed {
  private constructor(
    readonly app: NestFastifyApplication,
    private readonly content: INestApplication,
    private readonly auth: INestApplication,
    readonly sql: Pool,
    readonly prefix: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<SearchTestBed> {
    const prefix = env.REDIS_KEY_PREFIX ?? uniquePrefix();
    const databaseUrl = await createTestDatabase('search');
    await runMigrations(databaseUrl, [searchCacheDatabase], quietLogger);
    const app = await createServiceApp(
      searchCacheService,
      testConfig('search-cache', prefix, databaseUrl, { ...env, REDIS_KEY_PREFIX: prefix }),
    );
    await app.startAllMicroservices();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const [content, auth] = await Promise.all([
      startStreamsPeer(testConfig('content', prefix, databaseUrl, {})),
      startStreamsPeer(testConfig('auth', prefix, databaseUrl, {})),
    ]);
    return new SearchTestBed(app, content, auth, new Pool({ connectionString: databaseUrl, max: 2 }), prefix);
  }

  search(
    userId: string,
    q: string,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<SearchResult> {
    return this.content
      .get(RedisStreamsClient)
      .call(searchRpc.searchQuery, { userId, q, limit: options.limit ?? 20, cursor: options.cursor });
  }

  /** Publishes an event as its producer would (content or auth). */
  async emit<C extends EventContract>(contract: C, data: z.input<C['data']>): Promise<void> {
    const peer = contract.producer === 'auth' ? this.auth : this.content;
    await peer.get(RedisStreamsClient).emitEvent(contract, data, { actor: 'test' });
  }

  /** Resolves once search-cache has handled every event published so far. */
  async settled(): Promise<void> {
    const redis = await connectTestRedis(sharedInfra().redisAddress);
    const names = new StreamNames(this.prefix);
    try {
      await waitFor(
        async () => {
          for (const stream of [names.events('content'), names.events('auth')]) {
            if ((await redis.exists(stream)) === 0) continue;
            const streamInfo = fieldMap((await redis.xinfo('STREAM', stream)) as unknown[]);
            const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
            const group = groups.map(fieldMap).find((info) => info.get('name') === 'search-cache');
            // Everything appended so far was read by the group and acknowledged.
            if (group === undefined || Number(group.get('pending')) !== 0) return false;
            if (group.get('last-delivered-id') !== streamInfo.get('last-generated-id')) return false;
          }
          return true;
        },
        { timeoutMs: 10_000, description: 'search-cache to handle every event' },
      );
    } finally {
      redis.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.content.close(), this.auth.close()]);
    await this.app.close();
    await this.sql.end();
  }
}

/** XINFO's flat [field, value, …] reply as a map. */
function fieldMap(reply: unknown[]): Map<string, unknown> {
  const info = new Map<string, unknown>();
  for (let i = 0; i < reply.length; i += 2) info.set(String(reply[i]), reply[i + 1]);
  return info;
}

const NOW = Date.parse('2026-11-01T10:00:00.000Z');
let clock = 0;

/** Strictly increasing update times, so recency order is the order items were made in. */
function nextTime(): string {
  clock += 1;
  return new Date(NOW + clock * 1000).toISOString();
}

export function newId(): string {
  return randomUUID();
}

export function note(fields: Partial<NoteView> = {}): NoteView {
  const at = nextTime();
  return {
    id: randomUUID(),
    title: 'Untitled',
    body: '',
    pinned: false,
    tags: [],
    collectionId: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...fields,
  };
}

export function bookmark(fields: Partial<BookmarkView> = {}): BookmarkView {
  const at = nextTime();
  return {
    id: randomUUID(),
    url: 'https://example.com/',
    domain: 'example.com',
    title: 'Example',
    description: '',
    faviconUrl: null,
    favorite: false,
    read: false,
    archived: false,
    tags: [],
    collectionId: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...fields,
  };
}

export function task(fields: Partial<TaskView> = {}): TaskView {
  const at = nextTime();
  return {
    id: randomUUID(),
    title: 'Task',
    description: '',
    status: 'todo',
    priority: 'medium',
    dueAt: null,
    parentId: null,
    completedAt: null,
    tags: [],
    collectionId: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...fields,
  };
}
