import { randomBytes } from 'node:crypto';
import { type RedisConnection, RedisKeys, waitUntilReady } from '@tracera/redis';
import { sharedInfra } from '@tracera/testing';
import { claimOnce, releaseClaim, runOnceInRedis } from '../src';
import { commandConnection, recordingLogger } from './outbox-fixtures';

describe('claimOnce', () => {
  let redis: RedisConnection;
  const keys = new RedisKeys(`t${randomBytes(4).toString('hex')}:`);
  const claimKey = () => keys.tagged('ev', randomBytes(8).toString('hex'), 'done', 'analytics');

  beforeAll(async () => {
    redis = commandConnection(sharedInfra().redisAddress, recordingLogger());
    await waitUntilReady(redis, 5000);
  });

  afterAll(() => {
    redis?.disconnect();
  });

  it('grants a key once, for its TTL', async () => {
    const key = claimKey();
    const claim = await claimOnce(redis, key, 30);
    expect(claim?.key).toBe(key);
    expect(await redis.get(key)).toBe(claim?.token);
    expect(await claimOnce(redis, key, 30)).toBeUndefined();
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  it('can be claimed again once it expires', async () => {
    const key = claimKey();
    expect(await claimOnce(redis, key, 1)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await claimOnce(redis, key, 1)).toBeDefined();
  });

  it('is released only by its holder', async () => {
    const key = claimKey();
    const mine = await claimOnce(redis, key, 30);
    expect(await releaseClaim(redis, { key, token: 'someone-else' })).toBe(false);
    expect(await claimOnce(redis, key, 30)).toBeUndefined();
    expect(await releaseClaim(redis, mine!)).toBe(true);
    const next = await claimOnce(redis, key, 30);
    expect(next).toBeDefined();
    // A stale holder (its claim expired and was taken over) cannot drop the new one.
    expect(await releaseClaim(redis, mine!)).toBe(false);
    expect(await redis.get(key)).toBe(next!.token);
  });

  it('runs a Redis effect once among concurrent deliveries, and again after a failed attempt', async () => {
    const key = claimKey();
    const counter = keys.tagged('lb', 'weekly', 'score');
    await redis.del(counter);

    await expect(
      runOnceInRedis(redis, key, 60, () => Promise.reject(new Error('effect failed'))),
    ).rejects.toThrow('effect failed');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => runOnceInRedis(redis, key, 60, () => redis.incr(counter))),
    );
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(await redis.get(counter)).toBe('1');
  });

  it('refuses a TTL that is not a positive whole number of seconds', async () => {
    await expect(claimOnce(redis, claimKey(), 0)).rejects.toThrow(/ttlSeconds/);
    await expect(claimOnce(redis, claimKey(), 1.5)).rejects.toThrow(/ttlSeconds/);
  });
});
