import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@tracera/config';
import { type DbLogger, runMigrations } from '@tracera/db';
import { createServiceApp } from '@tracera/platform';
import { createTestDatabase, sharedInfra } from '@tracera/testing';
import { type LightMyRequestResponse } from 'fastify';
import { analyticsService } from '../../analytics/src/analytics.service-definition';
import { authService } from '../../auth/src/auth.service-definition';
import { contentService } from '../../content/src/content.service-definition';
import { messagingService } from '../../messaging/src/messaging.service-definition';
import { searchCacheService } from '../../search-cache/src/search-cache.service-definition';
import { ApiClient, type GatewayStack, startGatewayStack, uniquePrefix } from './gateway-auth.fixture';

const quietLogger: DbLogger = { log: () => {}, warn: () => {}, error: () => {} };

/** Limits small enough that tests cross them with a few hundred kilobytes. */
export const TEST_FILE_MAX_BYTES = 256 * 1024;
export const TEST_IMPORT_MAX_BYTES = 128 * 1024;

export interface ContentStack extends GatewayStack {
  content: NestFastifyApplication;
  searchCache: NestFastifyApplication;
  /** The messaging service, when started with `withMessaging`. */
  messaging?: NestFastifyApplication;
  /** The analytics service, when started with `withAnalytics`. */
  analytics?: NestFastifyApplication;
  /** Where the content service keeps file bytes and export archives. */
  filesDir: string;
  /** The gateway's real HTTP origin, for requests that must really stream (chunked uploads). */
  gatewayUrl: string;
}

export interface ContentStackOptions {
  env?: Record<string, string>;
  /** Also run the messaging service (chat routes and sockets). */
  withMessaging?: boolean;
  /** Also run the analytics service (dashboard, streaks, challenges, trending, recommendations). */
  withAnalytics?: boolean;
}

/**
 * The real gateway, auth, content and search-cache (and optionally messaging and analytics) services
 * in-process, as `main.ts` builds each of them, on one Redis key prefix and one freshly migrated database;
 * every app listens on port 0, the gateway streams file bytes to the content app's own port, and files land
 * in a temporary directory.
 */
export async function startContentStack(options: ContentStackOptions = {}): Promise<ContentStack> {
  const databaseUrl = await createTestDatabase('gateway-content');
  await runMigrations(
    databaseUrl,
    [
      authService.database,
      contentService.database,
      searchCacheService.database,
      ...(options.withMessaging ? [messagingService.database] : []),
      ...(options.withAnalytics ? [analyticsService.database] : []),
    ],
    quietLogger,
  );
  const filesDir = await mkdtemp(join(tmpdir(), 'tracera-files-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_ADDR: sharedInfra().redisAddress,
    DATABASE_URL: databaseUrl,
    REDIS_KEY_PREFIX: uniquePrefix(),
    FILES_DIR: filesDir,
    FILES_MAX_SIZE: String(TEST_FILE_MAX_BYTES),
    IMPORT_MAX_SIZE: String(TEST_IMPORT_MAX_BYTES),
    BOOKMARK_FETCH_METADATA: 'false',
    // The suites write and search far faster than a person; the limits themselves are tested elsewhere.
    RATE_LIMIT_API: '100000/1m',
    RATE_LIMIT_SEARCH: '100000/1m',
    RATE_LIMIT_UPLOAD: '10000/1m',
    ...options.env,
  };
  const apps: NestFastifyApplication[] = [];
  const stopServices = async () => {
    for (const app of apps.reverse()) await app.close();
  };
  try {
    const content = await createServiceApp(
      contentService,
      loadConfig({ service: 'content', defaultPort: 8082 }, env),
    );
    apps.push(content);
    await content.startAllMicroservices();
    await content.listen({ port: 0, host: '127.0.0.1' });
    const searchCache = await createServiceApp(
      searchCacheService,
      loadConfig({ service: 'search-cache', defaultPort: 8083 }, env),
    );
    apps.push(searchCache);
    await searchCache.startAllMicroservices();
    await searchCache.listen({ port: 0, host: '127.0.0.1' });
    let messaging: NestFastifyApplication | undefined;
    if (options.withMessaging) {
      messaging = await createServiceApp(
        messagingService,
        loadConfig({ service: 'messaging', defaultPort: 8084 }, env),
      );
      apps.push(messaging);
      await messaging.startAllMicroservices();
      await messaging.listen({ port: 0, host: '127.0.0.1' });
    }
    let analytics: NestFastifyApplication | undefined;
    if (options.withAnalytics) {
      analytics = await createServiceApp(
        analyticsService,
        loadConfig({ service: 'analytics', defaultPort: 8085 }, env),
      );
      apps.push(analytics);
      await analytics.startAllMicroservices();
      await analytics.listen({ port: 0, host: '127.0.0.1' });
    }

    const gateway = await startGatewayStack({
      env: { CONTENT_INTERNAL_URL: await content.getUrl(), ...env },
    });
    return {
      ...gateway,
      databaseUrl,
      content,
      searchCache,
      messaging,
      analytics,
      filesDir,
      gatewayUrl: await gateway.gateway.getUrl(),
      close: async () => {
        await gateway.close();
        await stopServices();
        await rm(filesDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopServices();
    await rm(filesDir, { recursive: true, force: true });
    throw error;
  }
}

export const PASSWORD = 'correct horse battery';

export interface SignedInUser {
  id: string;
  username: string;
  /** Carries the user's session cookie. */
  client: ApiClient;
  token: string;
}

let addressCount = 0;

/** Registers a new user from an address of its own and returns a client signed in as that user. */
export async function registerUser(stack: GatewayStack, label = 'user'): Promise<SignedInUser> {
  addressCount += 1;
  const client = new ApiClient(stack.gateway, `198.51.100.${addressCount % 250}`);
  const username = `${label}${randomBytes(3).toString('hex')}`;
  const response = await client.post('/auth/register', {
    email: `${username}@example.com`,
    username,
    password: PASSWORD,
    displayName: `User ${username}`,
  });
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 201 });
  const body = response.json<{ user: { id: string }; token: string }>();
  client.credential = { cookie: body.token };
  return { id: body.user.id, username, client, token: body.token };
}

/** Two signed-in users: `a` owns things, `b` tries to reach them. */
export async function registerTwoUsers(stack: GatewayStack): Promise<[SignedInUser, SignedInUser]> {
  return [await registerUser(stack, 'alice'), await registerUser(stack, 'bob')];
}

/** One part of a multipart body: a text field, or a file with its name and bytes. */
export type FormPart =
  { name: string; value: string } | { name: string; fileName: string; bytes: Buffer; contentType?: string };

/** A `multipart/form-data` body built by hand, so tests control part order and content exactly. */
export function multipartForm(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----tracera${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`,
        ),
      );
      continue;
    }
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; ` +
          `filename="${part.fileName}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      part.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** POSTs a multipart form through the gateway as `client`. */
export function postForm(
  client: ApiClient,
  url: string,
  parts: FormPart[],
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const form = multipartForm(parts);
  return client.request({
    method: 'POST',
    url,
    payload: form.payload,
    headers: { ...form.headers, ...headers },
  });
}
