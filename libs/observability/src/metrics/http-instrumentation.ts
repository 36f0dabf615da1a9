import { type FastifyInstance } from 'fastify';
import { Histogram, register } from 'prom-client';

function requestDurationHistogram(): Histogram<'method' | 'route' | 'status'> {
  const name = 'http_server_request_duration_seconds';
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Histogram<'method' | 'route' | 'status'>;
  return new Histogram({
    name,
    help: 'HTTP requests served, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
}

/** Echoes the request id on every response and records every response's duration, labelled by route pattern (not raw URL, which would explode cardinality). */
export function instrumentHttp(fastify: FastifyInstance): void {
  const histogram = requestDurationHistogram();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
