import { type Redis } from 'ioredis';

/** Every key matching `pattern` (SCAN, so safe on a shared server; for tests only). */
export async function scanKeys(redis: Pick<Redis, 'scan'>, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}
