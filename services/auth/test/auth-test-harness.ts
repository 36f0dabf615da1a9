import { randomBytes } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { type RpcContract, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { runMigrations } from '@tracera/db';
import { createServiceApp } from '@tracera/platform';
import { RedisStreamsClient, RpcError } from '@tracera/streams';
import { createTestDatabase, startStreamsPeer, testServiceConfig } from '@tracera/testing';
import { authDatabase } from '../src/database/auth.database';
import { authService } from '../src/auth.service-definition';

/** A key prefix of the test's own, so tests sharing the run's redis-server never see each other's streams. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}:`;
}

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A fresh database with the auth schema migrated. */
export async function migratedAuthDatabase(label: string): Promise<string> {
  const url = await createTestDatabase(label);
  await runMigrations(url, [authDatabase], quietLogger);
  return url;
}

/** Config of the auth service (or, as `service`, of its caller) on the test's own prefix and database. */
function authTestConfig(prefix: string, databaseUrl: string, env: Record<string, string>, service = 'auth') {
  return testServiceConfig(
    { service, defaultPort: 8081 },
    { REDIS_KEY_PREFIX: prefix, DATABASE_URL: databaseUrl, ...env },
  );
}

/** The real auth service in-process (as `createServiceApp` builds it), a caller, and SQL access to its schema. */
export class AuthTestBed {
  private constructor(
    readonly auth: NestFastifyApplication,
    private readonly caller: INestApplication,
    readonly sql: Pool,
    readonly databaseUrl: string,
    readonly prefix: string,
  ) {}

  static async start(databaseUrl: string, env: Record<string, string> = {}): Promise<AuthTestBed> {
    const prefix = uniquePrefix();
    const auth = await createServiceApp(authService, authTestConfig(prefix, databaseUrl, env));
    await auth.startAllMicroservices();
    await auth.listen({ port: 0, host: '127.0.0.1' });
    const caller = await startStreamsPeer(authTestConfig(prefix, databaseUrl, {}, 'gateway'));
    return new AuthTestBed(
      auth,
      caller,
      new Pool({ connectionString: databaseUrl, max: 2 }),
      databaseUrl,
      prefix,
    );
  }

  call<C extends RpcContract>(contract: C, request: RpcRequest<C>): Promise<RpcResponse<C>> {
    return this.caller.get(RedisStreamsClient).call(contract, request, { actor: 'test' });
  }

  /** The RpcError a call fails with; fails the test if it succeeds. */
  async failure<C extends RpcContract>(contract: C, request: RpcRequest<C>): Promise<RpcError> {
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

  /** Event types in the outbox, in commit order, optionally only those about one user. */
  async outboxTypes(userId?: string): Promise<string[]> {
    const rows = await this.query<{ type: string }>(
      `SELECT type FROM auth.outbox WHERE $1::text IS NULL OR data->>'userId' = $1 ORDER BY seq`,
      [userId ?? null],
    );
    return rows.map((row) => row.type);
  }

  async close(): Promise<void> {
    await this.caller.close();
    await this.auth.close();
    await this.sql.end();
  }
}

let counter = 0;

/** A distinct, valid registration. */
export function newAccount(label = 'user') {
  counter += 1;
  const username = `${label}${counter}${randomBytes(2).toString('hex')}`;
  return {
    email: `${username}@example.test`,
    username,
    password: 'correct horse battery staple',
    ip: '203.0.113.7',
    userAgent: 'jest',
  };
}

/** A login request for an account made by {@link newAccount}. */
export function loginOf(
  account: ReturnType<typeof newAccount>,
  login: string = account.username,
  password: string = account.password,
) {
  return { login, password, ip: account.ip, userAgent: account.userAgent };
}

/** The fields a VALIDATION or CONFLICT error names. */
export function fieldsOf(error: RpcError): string[] {
  const { errors } = error.details as { errors: { field: string; message: string }[] };
  return errors.map((entry) => entry.field);
}
