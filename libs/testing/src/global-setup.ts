import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres, EmbeddedRedis } from '../../embedded-servers/src';
import { publishSharedInfra } from './shared-infra';

declare global {
  var __TRACERA_INFRA__: { redis: EmbeddedRedis; postgres: EmbeddedPostgres; scratchDir: string } | undefined;
}

/** Starts one throwaway redis-server and PostgreSQL (fsync off) on free loopback ports for the run. */
export default async function globalSetup(): Promise<void> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'tracera-test-'));
  const log = (line: string) => process.stderr.write(`[test-infra] ${line}\n`);
  const redis = new EmbeddedRedis({ dataDir: join(scratchDir, 'shared-redis'), log });
  const postgres = new EmbeddedPostgres({ dataDir: join(scratchDir, 'shared-postgres'), fsync: false, log });
  await Promise.all([redis.start(), postgres.start()]);
  globalThis.__TRACERA_INFRA__ = { redis, postgres, scratchDir };
  publishSharedInfra({
    redisAddress: redis.address,
    redisPort: redis.port,
    postgresUrl: postgres.url('postgres'),
    postgresPort: postgres.port,
    scratchDir,
  });
}
