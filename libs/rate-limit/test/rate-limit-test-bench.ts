import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfig } from '@tracera/config';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '@tracera/redis';
import { scanKeys } from '@tracera/testing';
import { RateLimiter, type RateLimiterOptions } from '../src';

/** A validated AppConfig for the rate-limit tests, built from environment variables as a service would. */
export function rateLimitTestConfig(env: Record<string, string>): AppConfig {
  return loadConfig(
    { service: 'rate-limit-test', defaultPort: 18081 },
    { NODE_ENV: 'test', REDIS_DIAL_TIMEOUT: '1s', REDIS_READ_TIMEOUT: '1s', ...env },
  );
}

/** The logger the code under test writes to, with what it wrote. */
export function capturingLogger() {
  const lines: { level: 'log' | 'warn' | 'error'; message: string }[] = [];
  const record = (level: 'log' | 'warn' | 'error') => (message: unknown) => {
    lines.push({ level, message: String(message) });
  };
  return { lines, logger: { log: record('log'), warn: record('warn'), error: record('error') } };
}

/** A key prefix of the test's own, so tests sharing one Redis never count each other's requests. */
export function uniquePrefix(): string {
  return `rltest-${randomBytes(4).toString('hex')}:`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Limiters as gateway replicas run them: each on its own fail-fast command connection (like
 * RedisClients.core), closed together at the end.
 */
export class RateLimitTestBench {
  private readonly connections: RedisConnection[] = [];

  constructor(
    private readonly redisAddress: string,
    readonly prefix = uniquePrefix(),
  ) {}

  async connection(): Promise<RedisConnection> {
    const config = rateLimitTestConfig({ REDIS_ADDR: this.redisAddress });
    const connection = createRedisConnection(config.redis.core, {
      service: 'rate-limit-test',
      purpose: 'command',
      logger: capturingLogger().logger,
    });
    this.connections.push(connection);
    await waitUntilReady(connection, 5000);
    return connection;
  }

  async replica(options: Omit<RateLimiterOptions, 'redis' | 'keyPrefix'> = {}): Promise<RateLimiter> {
    return new RateLimiter({
      logger: capturingLogger().logger,
      ...options,
      redis: await this.connection(),
      keyPrefix: this.prefix,
    });
  }

  /** Keys this bench's limiters wrote (SCAN, test use only). */
  async keys(): Promise<string[]> {
    return scanKeys(await this.connection(), `${this.prefix}*`);
  }

  close(): void {
    for (const connection of this.connections) connection.disconnect();
  }
}
