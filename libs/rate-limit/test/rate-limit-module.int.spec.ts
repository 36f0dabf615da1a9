import { Global, type INestApplicationContext, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@tracera/config';
import { ReadinessRegistry } from '@tracera/observability';
import { RedisModule } from '@tracera/redis';
import { sharedInfra } from '@tracera/testing';
import { RateLimiter, RateLimitModule } from '../src';
import {
  capturingLogger,
  RateLimitTestBench,
  rateLimitTestConfig,
  uniquePrefix,
} from './rate-limit-test-bench';

@Global()
@Module({ providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
class ReadinessTestModule {}

describe('RateLimitModule', () => {
  const apps: INestApplicationContext[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  async function start(env: Record<string, string>, withRedis: boolean): Promise<INestApplicationContext> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(rateLimitTestConfig({ REDIS_ADDR: sharedInfra().redisAddress, ...env })),
        ...(withRedis
          ? [ReadinessTestModule, RedisModule.forRoot({ logger: capturingLogger().logger })]
          : []),
        RateLimitModule.forRoot({ policies: { requests: { upload: { limit: 1 } } } }),
      ],
    }).compile();
    const app = await moduleRef.init();
    apps.push(app);
    return app;
  }

  it('counts in the core Redis under REDIS_KEY_PREFIX when enabled', async () => {
    const prefix = uniquePrefix();
    const app = await start({ REDIS_KEY_PREFIX: prefix }, true);
    const limiter = app.get(RateLimiter);
    expect(await limiter.consume('upload', { userId: 9 })).toMatchObject({ allowed: true, source: 'redis' });
    expect((await limiter.consume('upload', { userId: 9 })).allowed).toBe(false);
    const bench = new RateLimitTestBench(sharedInfra().redisAddress, prefix);
    try {
      expect(await bench.keys()).toEqual([`${prefix}{rl:upload:u:9}`]);
    } finally {
      bench.close();
    }
  });

  it('counts in memory only with REDIS_RATELIMIT_ENABLED=false, without needing RedisModule', async () => {
    const app = await start({ REDIS_RATELIMIT_ENABLED: 'false' }, false);
    const limiter = app.get(RateLimiter);
    expect(limiter.source).toBe('memory');
    expect(await limiter.consume('upload', { userId: 9 })).toMatchObject({ allowed: true, source: 'memory' });
    expect(await limiter.consume('upload', { userId: 9 })).toMatchObject({
      allowed: false,
      source: 'memory',
    });
  });

  it('refuses to start enabled without RedisModule', async () => {
    await expect(start({}, false)).rejects.toThrow(/needs RedisModule/);
  });
});
