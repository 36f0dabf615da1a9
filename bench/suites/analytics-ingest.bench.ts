import { runMigrations } from '@tracera/db';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { analyticsDatabase } from '../../services/analytics/src/database/analytics.database';
import { type BenchContext } from '../bench-context';
import { BenchProcess } from '../bench-process';
import { type BenchResult } from '../bench-report';
import {
  activityEvents,
  appendToStreams,
  benchUsers,
  copySeconds,
  noteLoad,
  rawInsertSeconds,
  scratchActivityTable,
  seedDirectory,
  storedActivity,
  waitForConsumerGroups,
} from '../fixtures/analytics-activity';
import { type BenchSuite } from './bench-suite';

const SUITE = 'analytics-ingest';
const EVENTS = 100_000;
const USERS = 1_000;
const DAYS = 30;
const POLL_MS = 250;
/** Past this the suite reports what was ingested by then, marked INCOMPLETE. */
const INGEST_TIMEOUT_MS = 300_000;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function activityCount(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM analytics.activity');
  return rows[0].n;
}

/**
 * The analytics service as production runs it (its own process, consumer concurrency and batching as
 * configured), fed `EVENTS` domain events appended to the producers' streams while it runs: events/s from
 * the first append until every row is in `analytics.activity` (with rollups, items, streak, challenge and
 * trending effects). Baseline: the same rows as plain 1,000-row INSERTs into a copy of the table; COPY of
 * them is printed for reference.
 */
export const analyticsIngestBench: BenchSuite = {
  name: SUITE,
  async run(context: BenchContext) {
    const databaseUrl = await context.postgres.createDatabase('bench_analytics_ingest');
    await runMigrations(databaseUrl, [analyticsDatabase], quiet);
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    // pool.end() does not wait for sockets to close: one still closing when the bench stops Postgres errors.
    pool.on('error', () => undefined);
    const redis = new Redis({ port: context.redis.port, host: '127.0.0.1' });
    const prefix = 'bench-analytics-ingest:';
    const users = benchUsers(USERS);
    await seedDirectory(pool, users);
    const events = activityEvents(EVENTS, users, DAYS);
    console.error(`bench: ${SUITE}: ${EVENTS} events over ${USERS} people and ${DAYS} days generated`);
    const analytics = await BenchProcess.service('analytics', {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_ADDR: context.redis.address,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: databaseUrl,
    });
    let ingested = 0;
    let seconds = 0;
    try {
      await analytics.waitFor('/health/ready');
      await waitForConsumerGroups(redis, prefix);
      noteLoad(SUITE, 'before ingest');
      const started = Date.now();
      const appending = appendToStreams(redis, prefix, events);
      const deadline = started + INGEST_TIMEOUT_MS;
      while (Date.now() < deadline) {
        ingested = await activityCount(pool);
        if (ingested >= EVENTS) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      seconds = (Date.now() - started) / 1000;
      await appending;
      noteLoad(SUITE, 'after ingest');
      console.error(`bench: ${SUITE}: ${ingested} activity rows after ${seconds.toFixed(1)} s`);
    } finally {
      await analytics.stop();
      redis.disconnect();
    }
    try {
      const rows = await storedActivity(pool);
      const table = await scratchActivityTable(pool);
      const insertSeconds = await rawInsertSeconds(pool, table, rows);
      await pool.query(`TRUNCATE ${table}`);
      const copy = await copySeconds(pool, table, rows).catch((error: Error) => {
        console.error(`bench: ${SUITE}: COPY reference skipped: ${error.message}`);
        return NaN;
      });
      await pool.query(`DROP TABLE ${table}`);
      console.error(
        `bench: ${SUITE}: reference: COPY of the ${rows.length} rows ${(rows.length / copy).toFixed(0)} rows/s ` +
          `(${copy.toFixed(2)} s); 1,000-row INSERTs ${(rows.length / insertSeconds).toFixed(0)} rows/s`,
      );
      const incomplete = ingested >= EVENTS ? '' : `INCOMPLETE (${ingested} of ${EVENTS}) `;
      const results: BenchResult[] = [
        {
          suite: SUITE,
          metric: `${incomplete}events/s from the streams into analytics.activity (${EVENTS} events, ${USERS} people) vs 1,000-row INSERTs of the same rows`,
          unit: 'ev/s',
          ours: ingested / seconds,
          baseline: rows.length / insertSeconds,
          target: { op: '>=', ratio: 0.5 },
        },
        {
          suite: SUITE,
          metric: `${incomplete}events/s from the streams into analytics.activity vs COPY of the same rows (reference)`,
          unit: 'ev/s',
          ours: ingested / seconds,
          baseline: rows.length / copy,
        },
      ];
      return results;
    } finally {
      await pool.end();
    }
  },
};
