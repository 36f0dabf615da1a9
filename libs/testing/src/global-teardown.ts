import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__TRACERA_INFRA__;
  if (!infra) return;
  await Promise.all([infra.redis.stop(), infra.postgres.stop()]);
  if (!process.env.TRACERA_KEEP_TEST_DATA) rmSync(infra.scratchDir, { recursive: true, force: true });
}
