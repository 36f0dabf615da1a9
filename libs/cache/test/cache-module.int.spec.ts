import { randomBytes } from 'node:crypto';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { v7 as uuidv7 } from 'uuid';
import { APP_CONFIG, loadConfig } from '@tracera/config';
import { RedisClients } from '@tracera/redis';
import { sharedInfra } from '@tracera/testing';
import { CacheModule, ResultCache } from '../src';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Stands in for ConfigModule and RedisModule: the global providers CacheModule expects. */
@Global()
@Module({})
class InfraModule {
  static with(config: unknown, clients: RedisClients): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: RedisClients, useValue: clients },
      ],
      exports: [APP_CONFIG, RedisClients],
    };
  }
}

async function cacheFor(env: Record<string, string>): Promise<{ cache: ResultCache; clients: RedisClients }> {
  const config = loadConfig(
    { service: 'cache-module-test', defaultPort: 18085 },
    { NODE_ENV: 'test', REDIS_ADDR: sharedInfra().redisAddress, ...env },
  );
  const clients = new RedisClients(config, { logger: quiet });
  await clients.waitForConnections(5000);
  try {
    const module = await Test.createTestingModule({
      imports: [InfraModule.with(config, clients), CacheModule.forRoot()],
    }).compile();
    return { cache: module.get(ResultCache), clients };
  } catch (error) {
    await clients.close();
    throw error;
  }
}

describe('CacheModule (real redis-server)', () => {
  const prefix = `rcm-${randomBytes(4).toString('hex')}:`;

  it('provides a ResultCache on the cache connection with the configured key prefix', async () => {
    const { cache, clients } = await cacheFor({ REDIS_KEY_PREFIX: prefix });
    try {
      const user = uuidv7();
      let calls = 0;
      const compute = () => Promise.resolve(++calls);
      expect(cache.enabled).toBe(true);
      await cache.getOrCompute(user, 'search', 'q', 60_000, compute);
      expect(await cache.getOrCompute(user, 'search', 'q', 60_000, compute)).toBe(1);
      expect(await clients.cache.exists(`${prefix}{c:u:${user}}:gen`)).toBe(1);
    } finally {
      await clients.close();
    }
  });

  it('bypasses the cache, and never dials its own server, when REDIS_CACHE_ENABLED=false', async () => {
    // Nothing listens on port 1: dialling it would surface as an error in the connection's log.
    const { cache, clients } = await cacheFor({
      REDIS_KEY_PREFIX: prefix,
      REDIS_CACHE_ENABLED: 'false',
      CACHE_REDIS_ADDR: '127.0.0.1:1',
    });
    try {
      expect(cache.enabled).toBe(false);
      expect(clients.readinessChecks().map((check) => check.name)).toEqual(['redis']);
      let calls = 0;
      const compute = () => Promise.resolve(++calls);
      await cache.getOrCompute(uuidv7(), 'search', 'q', 60_000, compute);
      expect(await cache.getOrCompute(uuidv7(), 'search', 'q', 60_000, compute)).toBe(2);
    } finally {
      await clients.close();
    }
  });
});
