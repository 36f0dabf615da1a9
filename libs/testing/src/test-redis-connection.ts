import { loadConfig } from '@tracera/config';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '@tracera/redis';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A command connection to `address` made exactly as a service makes one (fail-fast, 1 s timeouts), once ready. */
export async function connectTestRedis(address: string, service = 'redis-test'): Promise<RedisConnection> {
  const config = loadConfig(
    { service, defaultPort: 18099 },
    { NODE_ENV: 'test', REDIS_ADDR: address, REDIS_DIAL_TIMEOUT: '1s', REDIS_READ_TIMEOUT: '1s' },
  );
  const connection = createRedisConnection(config.redis.core, { service, purpose: 'command', logger: quiet });
  await waitUntilReady(connection, 5000);
  return connection;
}
