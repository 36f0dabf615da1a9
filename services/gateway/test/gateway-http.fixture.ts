import { type LoggerService, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@tracera/config';
import { instrumentHttp, requestIdFor } from '@tracera/observability';
import { configureGatewayHttp } from '../src/http/configure-gateway-http';

/** Every log call the app made, so tests can see what reached the log (and what did not reach the client). */
export class CapturedLogs implements LoggerService {
  readonly entries: { level: string; args: unknown[] }[] = [];
  log = (...args: unknown[]) => this.entries.push({ level: 'log', args });
  error = (...args: unknown[]) => this.entries.push({ level: 'error', args });
  warn = (...args: unknown[]) => this.entries.push({ level: 'warn', args });
  debug = (...args: unknown[]) => this.entries.push({ level: 'debug', args });
  verbose = (...args: unknown[]) => this.entries.push({ level: 'verbose', args });
  fatal = (...args: unknown[]) => this.entries.push({ level: 'fatal', args });

  /** Log lines at `level` as text, with any logged error's message and stack spelled out. */
  text(level: string): string {
    return this.entries
      .filter((entry) => entry.level === level)
      .map((entry) =>
        JSON.stringify(entry.args, (_key, value: unknown) =>
          value instanceof Error ? { message: value.message, stack: value.stack } : value,
        ),
      )
      .join('\n');
  }
}

/**
 * The gateway's real HTTP layer in-process: the same Fastify adapter settings as `createServiceApp` and the same
 * `configureGatewayHttp`, around test-only controllers instead of the platform modules (no Redis or Postgres).
 */
export async function startGatewayHttp(
  controllers: Type<unknown>[],
  env: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; logs: CapturedLogs }> {
  const config = loadConfig({ service: 'gateway', defaultPort: 8080 }, { NODE_ENV: 'test', ...env });
  const adapter = new FastifyAdapter({
    logger: false,
    trustProxy: false,
    genReqId: requestIdFor,
    requestIdHeader: false,
  });
  instrumentHttp(adapter.getInstance());
  @Module({ controllers })
  class TestGatewayModule {}
  const logs = new CapturedLogs();
  const app = await NestFactory.create<NestFastifyApplication>(TestGatewayModule, adapter, {
    logger: logs,
    abortOnError: false,
  });
  configureGatewayHttp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, logs };
}
