import { runMigrations } from '@tracera/db';
import Redis from 'ioredis';
import { authDatabase } from '../../services/auth/src/database/auth.database';
import { type BenchContext } from '../bench-context';
import { BenchProcess } from '../bench-process';
import { type BenchResult } from '../bench-report';
import { type LoadFigures, loadTest } from '../http-load';
import { type BenchSuite } from './bench-suite';

const CONNECTIONS = 100;
const WARMUP_SECONDS = 3;
const MEASURE_SECONDS = 10;
const P99_TARGET_MS = 10;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const RAW_KEY = 'bench:auth-me:raw';
/**
 * Gateway routes measured besides `/auth/me` (session check and general limit in one script, then the
 * profile from the cache the auth service fills; the first call fills it over RPC).
 */
const EXTRA_ROUTES: string[] = [];

function load(url: string, headers: Record<string, string> = {}): Promise<LoadFigures> {
  return loadTest(url, {
    connections: CONNECTIONS,
    warmupSeconds: WARMUP_SECONDS,
    measureSeconds: MEASURE_SECONDS,
    headers,
  });
}

/** Baseline: raw Fastify in its own process, one route doing one ioredis GET of a small key. */
async function rawRedisGet(context: BenchContext): Promise<LoadFigures> {
  const redis = new Redis({ host: '127.0.0.1', port: context.redis.port });
  await redis.set(RAW_KEY, JSON.stringify({ userId: '0190f5c2-7f0e-7c3a-9d2b-3f1e5a6b7c8d', role: 'user' }));
  redis.disconnect();
  const server = await BenchProcess.fixture('raw-redis-get.server', {
    REDIS_PORT: String(context.redis.port),
    KEY: RAW_KEY,
  });
  try {
    await server.waitFor('/value');
    return await load(`${server.url}/value`);
  } finally {
    await server.stop();
  }
}

/** Ours: the built gateway and auth service as real processes, one registered user's bearer session. */
async function gatewayRoutes(context: BenchContext): Promise<Map<string, LoadFigures>> {
  const databaseUrl = await context.postgres.createDatabase('bench_auth_me');
  await runMigrations(databaseUrl, [authDatabase], quiet);
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_ADDR: context.redis.address,
    REDIS_KEY_PREFIX: 'bench-auth-me:',
    DATABASE_URL: databaseUrl,
    // The general limit (100/min per user) would answer 429 within the first second of load.
    RATE_LIMIT_API: '100000000/1m',
  };
  const auth = await BenchProcess.service('auth', env);
  const gateway = await BenchProcess.service('gateway', env);
  try {
    await Promise.all([auth.waitFor('/health/ready'), gateway.waitFor('/health/ready')]);
    const registered = await fetch(`${gateway.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'load@example.test',
        username: 'loadtester',
        password: 'violet kestrel over tundra 7',
      }),
    });
    if (registered.status !== 201)
      throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
    const { token } = (await registered.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const figures = new Map<string, LoadFigures>();
    for (const route of ['/api/v1/auth/me', ...EXTRA_ROUTES]) {
      figures.set(route, await load(`${gateway.url}${route}`, headers));
    }
    return figures;
  } finally {
    await Promise.all([gateway.stop(), auth.stop()]);
  }
}

export const authMeBench: BenchSuite = {
  name: 'auth-me',
  async run(context: BenchContext) {
    console.error(
      `bench: auth-me: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s each; ` +
        'gateway RATE_LIMIT_API raised to 100000000/1m so the load is not throttled (the limiter still runs)',
    );
    const baseline = await rawRedisGet(context);
    const ours = await gatewayRoutes(context);
    const results: BenchResult[] = [];
    for (const [route, figures] of ours) {
      const label = `GET ${route.replace('/api/v1', '')} vs raw Fastify+GET`;
      results.push(
        {
          suite: 'auth-me',
          metric: `${label}: req/s at ${CONNECTIONS} conns`,
          unit: 'req/s',
          ours: figures.requestsPerSecond,
          baseline: baseline.requestsPerSecond,
          target: { op: '>=', ratio: 0.6 },
        },
        {
          suite: 'auth-me',
          metric: `${label}: p50`,
          unit: 'ms',
          ours: figures.p50Ms,
          baseline: baseline.p50Ms,
        },
        {
          suite: 'auth-me',
          metric: `${label}: p99 (absolute target < ${P99_TARGET_MS} ms ${figures.p99Ms < P99_TARGET_MS ? 'met' : 'MISSED'})`,
          unit: 'ms',
          ours: figures.p99Ms,
          baseline: baseline.p99Ms,
        },
      );
    }
    return results;
  },
};
