import Redis from 'ioredis';
import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { sharedInfra, startThrowawayRedis, waitFor } from '@tracera/testing';
import { checkEvictionPolicy, RedisClients, type RedisNodeHealth } from '../src';
import { capturingLogger, redisTestConfig } from './redis-test-servers';

describe('redis health and readiness (real redis-server)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  async function throwaway(options: { maxmemoryPolicy?: string } = {}): Promise<EmbeddedRedis> {
    const redis = await startThrowawayRedis(options);
    cleanup.push(() => redis.stop());
    return redis;
  }

  function clientsFor(address: string, env: Record<string, string> = {}) {
    const { logger, lines } = capturingLogger();
    const clients = new RedisClients(redisTestConfig({ REDIS_ADDR: address, ...env }), { logger });
    cleanup.push(() => clients.close());
    return { clients, lines, readiness: clients.readinessChecks()[0] };
  }

  it('reports PING latency and the INFO figures of the server', async () => {
    const redis = await throwaway();
    const { clients } = clientsFor(redis.address);
    await clients.waitForConnections();
    await clients.core.config('SET', 'maxmemory', '64mb');
    await clients.core.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await clients.core.set('present', 'x');
    await clients.core.get('present');
    await clients.core.get('absent');

    const health = (await clients.health('core')) as RedisNodeHealth;
    expect(health).toMatchObject({
      maxmemoryBytes: 64 * 1024 * 1024,
      maxmemoryPolicy: 'allkeys-lru',
      keyspaceHitRate: 0.5,
      evictedKeys: 0,
      role: 'master',
    });
    expect(typeof health.latencyMs).toBe('number');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.redisVersion).toMatch(/^\d+\.\d+/);
    expect(health.usedMemoryBytes).toBeGreaterThan(0);
    expect(health.memoryUsedRatio).toBeGreaterThan(0);
    expect(health.memoryUsedRatio).toBeLessThan(1);
    expect(health.connectedClients).toBeGreaterThanOrEqual(1);
  });

  it('turns failing within 2 s of Redis stopping and healthy again after it restarts, with the same client', async () => {
    const redis = await throwaway();
    const { clients, readiness } = clientsFor(redis.address);
    await clients.waitForConnections();
    const core = clients.core;
    await expect(readiness.check()).resolves.toHaveProperty('latencyMs');

    await redis.stop();
    const down = await waitFor(
      () =>
        readiness.check().then(
          () => false,
          () => true,
        ),
      { timeoutMs: 2000, intervalMs: 50 },
    );
    expect(down).toBeLessThan(2000);
    // ioredis says it either way, depending on whether it has noticed the closed socket yet.
    await expect(readiness.check()).rejects.toThrow(/not connected|Stream isn't writeable/);

    await redis.start();
    await waitFor(
      () =>
        readiness.check().then(
          () => true,
          () => false,
        ),
      { timeoutMs: 5000, intervalMs: 50 },
    );
    expect(clients.core).toBe(core);
    expect(await clients.core.ping()).toBe('PONG');
  });

  it('starts while Redis is down and becomes ready when it comes up', async () => {
    const redis = await throwaway();
    await redis.stop();
    const started = Date.now();
    const { clients, readiness, lines } = clientsFor(redis.address);
    await clients.waitForConnections();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(lines.some((l) => l.level === 'warn' && l.message.includes('starting anyway'))).toBe(true);
    await expect(readiness.check()).rejects.toThrow(/ECONNREFUSED/);
    // Fail fast rather than hang while Redis is down.
    const attempt = Date.now();
    await expect(clients.core.get('k')).rejects.toThrow();
    expect(Date.now() - attempt).toBeLessThan(500);

    await redis.start();
    await waitFor(
      () =>
        readiness.check().then(
          () => true,
          () => false,
        ),
      { timeoutMs: 5000, intervalMs: 50 },
    );
  });

  it('fails by its timeout, not by hanging, when Redis is frozen (SIGSTOP)', async () => {
    const redis = await throwaway();
    const { clients, readiness } = clientsFor(redis.address);
    await clients.waitForConnections();
    await expect(readiness.check()).resolves.toBeDefined();
    redis.pause();
    try {
      const started = Date.now();
      await expect(readiness.check()).rejects.toThrow(/500 ms/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      redis.resume();
    }
    await waitFor(
      () =>
        readiness.check().then(
          () => true,
          () => false,
        ),
      { timeoutMs: 5000, intervalMs: 50 },
    );
  });

  it('logs a loud error when core may evict keys', async () => {
    const redis = await throwaway({ maxmemoryPolicy: 'allkeys-lru' });
    const { clients, lines } = clientsFor(redis.address);
    await clients.waitForConnections();
    await waitFor(() => lines.some((l) => l.level === 'error'), { timeoutMs: 2000, intervalMs: 20 });
    const error = lines.find((l) => l.level === 'error')!.message;
    expect(error).toContain('allkeys-lru');
    expect(error).toContain('maxmemory-policy noeviction');
    expect(error).toMatch(/streams.*sessions.*rate-limit/);
  });

  it('stays quiet when core uses noeviction', async () => {
    const { clients, lines } = clientsFor(sharedInfra().redisAddress);
    await clients.waitForConnections();
    const policies = await checkEvictionPolicy(clients.core, 'core', capturingLogger().logger);
    expect(policies).toEqual([{ policy: 'noeviction', source: 'INFO memory' }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(lines.filter((l) => l.level !== 'log')).toEqual([]);
  });

  it('reads the policy from CONFIG GET when an ACL denies INFO', async () => {
    const redis = await throwaway({ maxmemoryPolicy: 'volatile-lru' });
    const admin = new Redis({ port: redis.port });
    cleanup.push(() => admin.disconnect());
    await admin.call('ACL', 'SETUSER', 'app', 'on', '>pw', '~*', '+@all', '-info');
    const { clients, lines } = clientsFor(redis.address, { REDIS_USERNAME: 'app', REDIS_PASSWORD: 'pw' });
    await clients.waitForConnections();
    const { logger } = capturingLogger();
    expect(await checkEvictionPolicy(clients.core, 'core', logger)).toEqual([
      { policy: 'volatile-lru', source: 'CONFIG GET' },
    ]);
    await waitFor(() => lines.some((l) => l.level === 'error' && l.message.includes('volatile-lru')), {
      timeoutMs: 2000,
    });
  });
});
