import { randomBytes } from 'node:crypto';
import { Module, type Type } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, loadConfig } from '@tracera/config';
import { type DbLogger, runMigrations } from '@tracera/db';
import { createServiceApp } from '@tracera/platform';
import { createTestDatabase, sharedInfra } from '@tracera/testing';
import { type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { authService } from '../../auth/src/auth.service-definition';
import { GatewayModule } from '../src/gateway.module';
import { gatewayService } from '../src/gateway.service-definition';

const quietLogger: DbLogger = { log: () => {}, warn: () => {}, error: () => {} };

export function uniquePrefix(): string {
  return `gw${randomBytes(4).toString('hex')}:`;
}

/** Config of one service of the stack under test; `env` overrides the defaults below. */
export function stackConfig(
  service: 'gateway' | 'auth',
  env: { DATABASE_URL: string; REDIS_KEY_PREFIX: string } & Record<string, string>,
): AppConfig {
  return loadConfig(
    { service, defaultPort: service === 'gateway' ? 8080 : 8081 },
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_ADDR: sharedInfra().redisAddress,
      AUTH_COOKIE_SECURE: 'false',
      // The minimum argon2id cost ARCHITECTURE §4 allows keeps the suite fast.
      ARGON2_MEMORY_KIB: '19456',
      ARGON2_TIME_COST: '2',
      ...env,
    },
  );
}

export interface GatewayStack {
  gateway: NestFastifyApplication;
  auth?: NestFastifyApplication;
  config: AppConfig;
  databaseUrl: string;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
  /** Start the real auth service too (default true). */
  withAuth?: boolean;
  /** Test-only controllers served by the gateway next to its own routes. */
  controllers?: Type<unknown>[];
}

/**
 * The real gateway (and auth service) in-process, as `main.ts` builds them, sharing one Redis key prefix and
 * a fresh migrated database; both listen on port 0.
 */
export async function startGatewayStack(options: StackOptions = {}): Promise<GatewayStack> {
  const databaseUrl = await createTestDatabase('gateway-auth');
  const env = { DATABASE_URL: databaseUrl, REDIS_KEY_PREFIX: uniquePrefix(), ...options.env };
  const apps: NestFastifyApplication[] = [];
  const close = async () => {
    for (const app of apps.reverse()) await app.close();
  };
  try {
    let auth: NestFastifyApplication | undefined;
    if (options.withAuth ?? true) {
      await runMigrations(databaseUrl, [authService.database], quietLogger);
      auth = await createServiceApp(authService, stackConfig('auth', env));
      apps.push(auth);
      await auth.startAllMicroservices();
      await auth.listen({ port: 0, host: '127.0.0.1' });
    }
    @Module({ imports: [GatewayModule], controllers: options.controllers ?? [] })
    class GatewayUnderTestModule {}
    const config = stackConfig('gateway', env);
    const gateway = await createServiceApp({ ...gatewayService, module: GatewayUnderTestModule }, config);
    apps.push(gateway);
    await gateway.startAllMicroservices();
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    return { gateway, auth, config, databaseUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

/** Asserts a well-formed problem+json answer of `status` and kind, and returns its body. */
export function expectProblem(response: LightMyRequestResponse, status: number, kind?: string): Problem {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<Problem>();
  expect(problem.status).toBe(status);
  if (kind) expect(problem.type).toBe(`https://tracera.dev/problems/${kind}`);
  expect(problem.requestId).toBe(response.headers['x-request-id']);
  return problem;
}

/** Field names a 400/422 problem names, sorted. */
export function problemFields(problem: Problem): string[] {
  return (problem.errors ?? []).map((error) => error.field).sort();
}

/** An HTTP client of the app (in-process inject) with a fixed client address and optional credentials. */
export class ApiClient {
  constructor(
    private readonly app: NestFastifyApplication,
    readonly remoteAddress = '127.0.0.1',
    public credential?: { cookie?: string; bearer?: string },
  ) {}

  request(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
    if (this.credential?.cookie) headers.cookie = `tracera_session=${this.credential.cookie}`;
    if (this.credential?.bearer) headers.authorization = `Bearer ${this.credential.bearer}`;
    return this.app.inject({
      ...options,
      url: `/api/v1${options.url}`,
      remoteAddress: this.remoteAddress,
      headers,
    });
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  post(url: string, payload?: unknown) {
    return this.request({
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  patch(url: string, payload: unknown) {
    return this.request({ method: 'PATCH', url, payload: payload as string });
  }

  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }
}

/** The `tracera_session` Set-Cookie header of a response. */
export function sessionSetCookie(response: LightMyRequestResponse): string | undefined {
  const header = response.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return cookies.find((cookie) => cookie.startsWith('tracera_session='));
}
