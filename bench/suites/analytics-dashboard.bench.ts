import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { runMigrations } from '@tracera/db';
import { Pool } from 'pg';
import { analyticsDatabase } from '../../services/analytics/src/database/analytics.database';
import { type BenchContext } from '../bench-context';
import { BenchProcess } from '../bench-process';
import { type BenchResult, percentile } from '../bench-report';
import {
  AnalyticsCaller,
  benchUsers,
  type BenchUser,
  generateActivityRows,
  noteLoad,
  plainDashboard,
  seedDirectory,
} from '../fixtures/analytics-activity';
import { type BenchSuite } from './bench-suite';

const SUITE = 'analytics-dashboard';
const ROWS = 1_000_000;
const USERS = 1_000;
const DAYS = 365;
const RANGES = [
  { range: '30d', days: 30 },
  { range: '365d', days: 365 },
] as const;
const UNCACHED_SAMPLES = 300;
const CACHED_SAMPLES = 1000;
const WARMUP = 30;
/** The compiled rebuild command (dist/services/…), run as an operator would. */
const REBUILD_MAIN = resolve(
  __dirname,
  '..',
  '..',
  'services',
  'analytics',
  'src',
  'rebuild',
  'rebuild-analytics.main.js',
);
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

interface Latency {
  p50: number;
  p99: number;
  samples: number;
}

/** Times `run` once per sample, sequentially; `prepare` (not timed) runs before each. */
async function measure(
  samples: number,
  run: (index: number) => Promise<unknown>,
  prepare: (index: number) => Promise<unknown> = () => Promise.resolve(),
): Promise<Latency> {
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    await prepare(index);
    const started = process.hrtime.bigint();
    await run(index);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length };
}

function pair(metric: string, ours: Latency, baseline: Latency): BenchResult[] {
  return [
    {
      suite: SUITE,
      metric: `${metric}: p50 (${ours.samples} samples)`,
      unit: 'ms',
      ours: ours.p50,
      baseline: baseline.p50,
    },
    { suite: SUITE, metric: `${metric}: p99`, unit: 'ms', ours: ours.p99, baseline: baseline.p99 },
  ];
}

/**
 * 1,000,000 activity rows for 1,000 people over a year (generated in the server, rollups, streaks and
 * the rest filled by the `analytics:rebuild` command), then `analytics.dashboard` over RPC against the
 * analytics service process: uncached (the person's cache dropped before each call, people in turn) and
 * cached, each against the plain SQL of one uncached dashboard on the raw activity table.
 */
export const analyticsDashboardBench: BenchSuite = {
  name: SUITE,
  async run(context: BenchContext) {
    const databaseUrl = await context.postgres.createDatabase('bench_analytics_dashboard');
    await runMigrations(databaseUrl, [analyticsDatabase], quiet);
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    // pool.end() does not wait for sockets to close: one still closing when the bench stops Postgres errors.
    pool.on('error', () => undefined);
    const prefix = 'bench-analytics-dashboard:';
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_ADDR: context.redis.address,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: databaseUrl,
    };
    const users: BenchUser[] = benchUsers(USERS);
    await seedDirectory(pool, users);
    let started = Date.now();
    await generateActivityRows(pool, ROWS, DAYS);
    await pool.query('VACUUM ANALYZE analytics.activity');
    console.error(
      `bench: ${SUITE}: ${ROWS} activity rows generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, [REBUILD_MAIN], {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    console.error(
      `bench: ${SUITE}: rebuild took ${((Date.now() - started) / 1000).toFixed(1)} s: ${stdout.trim()}`,
    );
    await pool.query('VACUUM ANALYZE');

    const analytics = await BenchProcess.service('analytics', env);
    const results: BenchResult[] = [];
    let caller: AnalyticsCaller | undefined;
    try {
      await analytics.waitFor('/health/ready');
      caller = await AnalyticsCaller.connect(context.redis.address, prefix);
      const rpc = caller;
      const person = (index: number) => users[index % users.length];
      noteLoad(SUITE, 'before the latency runs');
      for (const { range, days } of RANGES) {
        const sqlOf = (index: number) => plainDashboard(pool, person(index).id, days, person(index).timeZone);
        await measure(WARMUP, sqlOf);
        await measure(WARMUP, (index) => rpc.dashboard(person(index).id, range));
        const sql = await measure(UNCACHED_SAMPLES, sqlOf);
        const uncached = await measure(
          UNCACHED_SAMPLES,
          (index) => rpc.dashboard(person(index).id, range),
          (index) => rpc.invalidate(person(index).id),
        );
        // Cached: the same people again, each answer now in the cache (the first loop stored it).
        const cached = await measure(CACHED_SAMPLES, (index) =>
          rpc.dashboard(person(index % UNCACHED_SAMPLES).id, range),
        );
        results.push(
          ...pair(`${range} uncached via RPC vs plain SQL on activity`, uncached, sql),
          ...pair(`${range} cached via RPC vs plain SQL on activity`, cached, sql),
        );
      }
      noteLoad(SUITE, 'after the latency runs');
    } finally {
      await caller?.close();
      await analytics.stop();
      await pool.end();
    }
    return results;
  },
};
