import { type AppConfig } from '@tracera/config';
import { type Params } from 'nestjs-pino';
import { type LoggerOptions } from 'pino';
import { correlationIdFor } from './request-id';

/** Paths polled by orchestrators; logging each probe would drown the useful lines. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

/** Headers and fields that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.secret',
];

/** The pino settings of every Tracera process: JSON lines in production, one pretty line each in development. */
export function pinoOptions(config: AppConfig): LoggerOptions {
  return {
    level: config.log.level,
    base: { service: config.service, pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport:
      config.log.format === 'pretty'
        ? {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
          }
        : undefined,
  };
}

/** nestjs-pino settings: {@link pinoOptions} plus request logging. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      ...pinoOptions(config),
      // Fastify assigns the id (requestIdFor) before routing, so 404s carry it too; pino-http reuses req.id.
      customProps: (req) => ({ correlationId: correlationIdFor(req) }),
      autoLogging: {
        ignore: (req) => QUIET_PATHS.test((req as { originalUrl?: string }).originalUrl ?? req.url ?? ''),
      },
      quietReqLogger: true,
    },
  };
}
