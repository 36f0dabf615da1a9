import { type LoggerService } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { type RedisRole } from '@tracera/config';
import { parseRedisInfo } from './redis-health';
import { isCluster, type RedisConnection } from './redis-connection.factory';

export type MaxmemoryPolicy = { policy: string; source: 'CONFIG GET' | 'INFO memory' };

/** `maxmemory-policy` of one server: CONFIG GET, or INFO memory where an ACL denies CONFIG. */
export async function readMaxmemoryPolicy(node: Redis): Promise<MaxmemoryPolicy> {
  try {
    const reply = (await node.config('GET', 'maxmemory-policy')) as string[];
    if (reply.length >= 2 && reply[1]) return { policy: reply[1], source: 'CONFIG GET' };
  } catch {
    // NOPERM (or a managed Redis that renames CONFIG): INFO is allowed to every monitoring user.
  }
  const policy = parseRedisInfo(await node.info('memory')).get('maxmemory_policy');
  if (!policy) throw new Error('neither CONFIG GET maxmemory-policy nor INFO memory reported a policy');
  return { policy, source: 'INFO memory' };
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
