import { type LoggerService } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { type RedisRole } from '@tracera/config';
import { parseRedisInfo } from './redis-health';
import { isCluster, type RedisConnection } from './redis-connection.factory';

export type MaxmemoryPolicy = { policy: string; source: 'CONFIG GET' | 'INFO memory' };

/**
 * `maxmemory-policy` of one server: INFO memory, which monitoring users may run, else CONFIG GET. INFO comes
 * first because production ACLs deny CONFIG to services (it would reveal passwords), and a denied command
 * leaves an entry in the server's ACL LOG on every connect.
 */
export async function readMaxmemoryPolicy(node: Redis): Promise<MaxmemoryPolicy> {
  let infoFailure = 'no maxmemory_policy field';
  try {
    const policy = parseRedisInfo(await node.info('memory')).get('maxmemory_policy');
    if (policy) return { policy, source: 'INFO memory' };
  } catch (error) {
    // NOPERM for INFO (or a managed Redis that hides it): an admin connection may still read CONFIG.
    infoFailure = error instanceof Error ? error.message : String(error);
  }
  try {
    const reply = (await node.config('GET', 'maxmemory-policy')) as string[];
    if (reply.length >= 2 && reply[1]) return { policy: reply[1], source: 'CONFIG GET' };
    throw new Error('no maxmemory-policy in the reply');
  } catch (error) {
    // Name both failures: the first one (often a connection still coming up) is usually the real cause.
    const configFailure = error instanceof Error ? error.message : String(error);
    throw new Error(`INFO memory: ${infoFailure}; CONFIG GET maxmemory-policy: ${configFailure}`);
  }
}

function serversOf(connection: RedisConnection): Redis[] {
  return isCluster(connection) ? connection.nodes('master') : [connection];
}

function addressOf(node: Redis): string {
  return `${node.options.host ?? '?'}:${node.options.port ?? '?'}`;
}

/**
 * Core holds streams, sessions, rate limits and locks: any evicting policy can silently delete them, so it
 * is logged as an error naming the fix. A cache that never evicts only fills up, which is logged as advice.
 * Returns the policies found, one per server.
 */
export async function checkEvictionPolicy(
  connection: RedisConnection,
  role: RedisRole,
  logger: LoggerService,
): Promise<MaxmemoryPolicy[]> {
  const found: MaxmemoryPolicy[] = [];
  for (const node of serversOf(connection)) {
    let policy: MaxmemoryPolicy;
    try {
      policy = await readMaxmemoryPolicy(node);
    } catch (error) {
      logger.warn(
        `could not read maxmemory-policy of redis ${role} ${addressOf(node)} (${(error as Error).message}); ` +
          (role === 'core' ? 'make sure it is noeviction' : 'allkeys-lru with a maxmemory is recommended'),
      );
      continue;
    }
    found.push(policy);
    if (role === 'core' && policy.policy !== 'noeviction') {
      logger.error(
        `DATA LOSS RISK: redis core ${addressOf(node)} has maxmemory-policy ${policy.policy}. When it reaches ` +
          'maxmemory, Redis silently deletes keys: event streams with their consumer groups, sessions and ' +
          'rate-limit counters can vanish without any error. Fix: set "maxmemory-policy noeviction" in ' +
          'redis.conf (or CONFIG SET maxmemory-policy noeviction, then CONFIG REWRITE), and give cached data ' +
          'its own Redis with allkeys-lru through CACHE_REDIS_ADDR.',
      );
    }
    if (role === 'cache' && policy.policy === 'noeviction') {
      logger.log(
        `redis cache ${addressOf(node)} has maxmemory-policy noeviction: once full, cache writes fail and ` +
          'callers fall back to the source (slower, still correct). allkeys-lru with a maxmemory is recommended.',
      );
    }
  }
  return found;
}
