import { type FastifyInstance } from 'fastify';
import { type Logger } from 'pino';
import { correlationIdFor } from './request-id';

/** Paths polled by orchestrators; logging each probe would drown the useful lines. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

/**
 * One `request completed` line per request (none for health and metrics), written from a Fastify hook.
 *
 * Measured on the gateway: pino-http behind Nest middleware (middie on Fastify) halved a fast route's
 * throughput, and binding a per-request logger in AsyncLocalStorage cost another quarter (it turns on
 * promise hooks for every await). So lines about a request name its `requestId` explicitly instead.
 */
export function installRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : 'info';
    if (logger.isLevelEnabled(level) && !QUIET_PATHS.test(request.url)) {
      logger[level](
        {
          req: { id: request.id, method: request.method, url: request.url, remoteAddress: request.ip },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime * 100) / 100,
          correlationId: correlationIdFor(request),
        },
        status >= 500 ? 'request errored' : 'request completed',
      );
    }
    done();
  });
}
