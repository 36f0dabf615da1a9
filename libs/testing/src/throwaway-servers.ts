import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgres, EmbeddedRedis } from '@tracera/embedded-servers';
import { sharedInfra } from './shared-infra';

/**
 * A redis-server of the test's own, for fault tests (stop, kill -9, pause, restart) that must not
 * disturb other tests. Stop it in afterAll.
 */
export async function startThrowawayRedis(
  options: { persistence?: boolean; maxmemoryPolicy?: string } = {},
): Promise<EmbeddedRedis> {
  const dataDir = mkdtempSync(join(sharedInfra().scratchDir, 'redis-'));
  const redis = new EmbeddedRedis({ dataDir, ...options });
  await redis.start();
  return redis;
}

/** A PostgreSQL cluster of the test's own (fsync off), for tests that stop or kill the database. */
export async function startThrowawayPostgres(): Promise<EmbeddedPostgres> {
  const dataDir = mkdtempSync(join(sharedInfra().scratchDir, 'postgres-'));
  const postgres = new EmbeddedPostgres({ dataDir, fsync: false });
  await postgres.start();
  return postgres;
}
