import { randomUUID } from 'node:crypto';
import { type LoggerService } from '@nestjs/common';
import { loadConfig, type RedisRoleConfig } from '@tracera/config';
import { createEnvelope, type Envelope } from '@tracera/contracts';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '@tracera/redis';
import {
  type StreamConsumerOptions,
  StreamConsumer,
  standaloneConsumerConnections,
  type StreamMessage,
} from '../src';

/** A core role config pointing at `address`, with the short timeouts the tests want. */
export function roleConfig(address: string): RedisRoleConfig {
  return loadConfig(
    { service: 'streams-test', defaultPort: 0 },
    { NODE_ENV: 'test', REDIS_ADDR: address, REDIS_DIAL_TIMEOUT: '1s', REDIS_READ_TIMEOUT: '1s' },
  ).redis.core;
}

/** What the code under test logged, by level. */
export function capturingLogger(): { logger: LoggerService; lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const record = (level: string) => (message: unknown) => {
    lines.push({ level, message: String(message) });
  };
  return {
    lines,
    logger: { log: record('log'), warn: record('warn'), error: record('error'), debug: record('debug') },
  };
}

export function uniqueStream(): string {
  return `tr:{ev:test-${randomUUID().slice(0, 8)}}`;
}

export function testEnvelope(n: number, type = 'test.happened'): Envelope {
  return createEnvelope({ type, actor: 'system', data: { n } });
}

/**
 * Opens connections and consumers against one Redis and closes them all in `close()`: call it in afterAll
 * (or afterEach) so no socket outlives its test file.
 */
export class StreamsTestBench {
  readonly config: RedisRoleConfig;
  private readonly connections: RedisConnection[] = [];
  private readonly consumers: StreamConsumer[] = [];

  constructor(address: string) {
    this.config = roleConfig(address);
  }

  async command(): Promise<RedisConnection> {
    const connection = createRedisConnection(this.config, {
      service: 'streams-test',
      purpose: 'command',
      logger: capturingLogger().logger,
    });
    this.connections.push(connection);
    await waitUntilReady(connection, 5000);
    return connection;
  }

  consumer(
    command: RedisConnection,
    options: StreamConsumerOptions,
    logger: LoggerService = capturingLogger().logger,
  ): StreamConsumer {
    const consumer = new StreamConsumer(
      { metrics: false, ...options },
      standaloneConsumerConnections(this.config, command, {
        service: 'streams-test',
        name: options.consumer,
        maxBlockMs: options.blockMs,
        logger,
      }),
      logger,
    );
    this.consumers.push(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop(1000)));
    for (const connection of this.connections) connection.disconnect();
  }
}

/** Short timings so each test runs in well under a second or two. */
export const FAST = {
  blockMs: 200,
  reclaimIdleMs: 400,
  reclaimIntervalMs: 100,
  retryBackoffMs: 20,
  maxRetryBackoffMs: 100,
  watchdogMarginMs: 500,
} as const;

/** Collects handled messages; `fail(n)` of a message decides whether its delivery throws. */
export function recordingHandler(fail: (message: StreamMessage) => Error | undefined = () => undefined) {
  const handled: StreamMessage[] = [];
  const attempts: StreamMessage[] = [];
  const handler = (message: StreamMessage): Promise<void> => {
    attempts.push(message);
    const error = fail(message);
    if (error) return Promise.reject(error);
    handled.push(message);
    return Promise.resolve();
  };
  return { handler, handled, attempts };
}

export async function pendingCount(redis: RedisConnection, stream: string, group: string): Promise<number> {
  const summary = (await redis.call('XPENDING', stream, group)) as [number, ...unknown[]];
  return Number(summary[0]);
}
