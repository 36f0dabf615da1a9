import { Global, type INestApplicationContext, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { ConfigModule } from '@tracera/config';
import { ReadinessRegistry } from '@tracera/observability';
import { sharedInfra, startThrowawayRedis, waitFor } from '@tracera/testing';
import { RedisClients, RedisConnectionLimitError, RedisKeys, RedisModule } from '../src';
import { capturingLogger, redisTestConfig } from './redis-test-servers';

@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessTestModule {}

async function startApp(env: Record<string, string>): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(redisTestConfig(env)),
      ReadinessTestModule,
      RedisModule.forRoot({ logger: capturingLogger().logger }),
    ],
  }).compile();
  return moduleRef.init();
}

describe('RedisModule (real redis-server)', () => {
  const apps: INestApplicationContext[] = [];
  const stops: (() => Promise<void>)[] = [];
  const raw = new Redis({ port: sharedInfra().redisPort, lazyConnect: true });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(stops.map((stop) => stop()));
    raw.disconnect();
  });

  async function app(env: Record<string, string>): Promise<INestApplicationContext> {
    const started = await startApp(env);
    apps.push(started);
    return started;
  }

  it('shares the core connection with the cache and registers one critical readiness check', async () => {
    const nest = await app({ REDIS_ADDR: sharedInfra().redisAddress });
    const clients = nest.get(RedisClients);
    expect(clients.cache).toBe(clients.core);
    const checks = nest.get(ReadinessRegistry).list();
    expect(checks.map((c) => [c.name, c.critical])).toEqual([['redis', true]]);
    await expect(checks[0].check()).resolves.toHaveProperty('maxmemoryPolicy', 'noeviction');
  });

  it('gives a separate cache its own connection and a non-critical check', async () => {
    const cache = await startThrowawayRedis({ maxmemoryPolicy: 'allkeys-lru' });
    stops.push(() => cache.stop());
    const nest = await app({ REDIS_ADDR: sharedInfra().redisAddress, CACHE_REDIS_ADDR: cache.address });
    const clients = nest.get(RedisClients);
    expect(clients.cache).not.toBe(clients.core);
    await clients.cache.set('cached', '1', 'EX', 60);
    const direct = new Redis({ port: cache.port });
    try {
      expect(await direct.get('cached')).toBe('1');
    } finally {
      direct.disconnect();
    }
    const checks = nest.get(ReadinessRegistry).list();
    expect(checks.map((c) => [c.name, c.critical])).toEqual([
      ['redis', true],
      ['redis-cache', false],
    ]);
    await expect(checks[1].check()).resolves.toHaveProperty('maxmemoryPolicy', 'allkeys-lru');
  });

  it('builds keys with the configured prefix', async () => {
    const nest = await app({ REDIS_ADDR: sharedInfra().redisAddress, REDIS_KEY_PREFIX: 'acme:' });
    const keys = nest.get(RedisKeys);
    const key = keys.key('task', process.pid, 'title');
    await nest.get(RedisClients).core.set(key, 'write the report');
    await raw.connect().catch(() => undefined);
    expect(key).toBe(`acme:task:${process.pid}:title`);
    expect(await raw.get(`acme:task:${process.pid}:title`)).toBe('write the report');
    expect(keys.tagged('u', 42, 'sessions')).toBe('acme:{u:42}:sessions');
  });

  it('starts while Redis is down, not ready, and closes cleanly', async () => {
    const redis = await startThrowawayRedis();
    await redis.stop();
    const started = Date.now();
    const nest = await startApp({ REDIS_ADDR: redis.address });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(nest.get(ReadinessRegistry).list()[0].check()).rejects.toThrow(/not connected/);
    const core = nest.get(RedisClients).core;
    await nest.close();
    expect(core.status).toBe('end');
  });

  it('caps blocking connections per role at REDIS_POOL_SIZE and frees a place when one closes', async () => {
    const nest = await app({ REDIS_ADDR: sharedInfra().redisAddress, REDIS_POOL_SIZE: '2' });
    const clients = nest.get(RedisClients);
    const first = clients.dedicated('core', 'blocking', 'loop-1');
    clients.dedicated('core', 'blocking', 'loop-2');
    clients.dedicated('core', 'subscriber', 'socket.io-sub');
    expect(() => clients.dedicated('core', 'blocking', 'loop-3')).toThrow(RedisConnectionLimitError);
    expect(() => clients.dedicated('core', 'blocking', 'loop-3')).toThrow(/REDIS_POOL_SIZE=2/);
    expect(await first.client('GETNAME')).toBe('tracera:redis-test:core:blocking:loop-1');
    await clients.release(first);
    expect(first.status).toBe('end');
    expect(clients.openBlockingConnections('core')).toBe(1);
    const third = clients.dedicated('core', 'blocking', 'loop-3');
    // A plain quit() frees the place too, once the connection has ended.
    await third.quit();
    await waitFor(() => clients.openBlockingConnections('core') === 1, { timeoutMs: 2000, intervalMs: 10 });
  });

  it('closes every connection at shutdown without waiting for a blocked read', async () => {
    const nest = await startApp({ REDIS_ADDR: sharedInfra().redisAddress });
    const clients = nest.get(RedisClients);
    const loop = clients.dedicated('core', 'blocking', 'slow-loop') as Redis;
    const subscriber = clients.dedicated('core', 'subscriber', 'events') as Redis;
    await subscriber.subscribe('tracera-test-channel');
    const read = loop.blpop(`never-filled:${process.pid}`, 30);
    const readOutcome = read.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await nest.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await readOutcome).toMatch(/closed/i);
    expect([clients.core.status, loop.status, subscriber.status]).toEqual(['end', 'end', 'end']);
    expect(() => clients.dedicated('core', 'blocking', 'late')).toThrow(/shutting down/);
  });
});
