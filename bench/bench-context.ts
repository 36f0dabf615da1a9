import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres, EmbeddedRedis } from '@tracera/embedded-servers';

/** The servers every benchmark runs against: started once per `npm run bench`, on free loopback ports. */
export interface BenchContext {
  redis: EmbeddedRedis;
  postgres: EmbeddedPostgres;
}

export async function startBenchContext(): Promise<{ context: BenchContext; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tracera-bench-'));
  const redis = new EmbeddedRedis({ dataDir: join(dir, 'redis') });
  const postgres = new EmbeddedPostgres({ dataDir: join(dir, 'postgres'), fsync: false });
  await Promise.all([redis.start(), postgres.start()]);
  return {
    context: { redis, postgres },
    stop: async () => {
      await Promise.all([redis.stop(), postgres.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
