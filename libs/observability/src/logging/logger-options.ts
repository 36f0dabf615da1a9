import { type AppConfig } from '@tracera/config';
import { type Params } from 'nestjs-pino';
import { type Logger, type LoggerOptions, pino } from 'pino';

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

/** The one pino logger of a process: what services' Nest `Logger` writes to and request lines go through. */
export function createRootLogger(config: AppConfig): Logger {
  return pino(pinoOptions(config));
}

/** nestjs-pino around the process's own logger; request logging is installed as Fastify hooks instead. */
export function loggerOptions(logger: Logger): Params {
  return { pinoHttp: { logger }, useExisting: true, forRoutes: [] };
}
