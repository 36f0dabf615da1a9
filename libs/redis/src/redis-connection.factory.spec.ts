import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RedisRoleConfig } from '@tracera/config';
import {
  clusterOptionsFor,
  commandTimeoutMs,
  reconnectDelayMs,
  redisConnectionName,
  redisOptionsFor,
} from './redis-connection.factory';

const base: RedisRoleConfig = {
  role: 'core',
  topology: 'standalone',
  host: 'redis.internal',
  port: 6380,
  username: 'tracera',
  password: 'secret',
  db: 3,
  tls: { enabled: false },
  dialTimeoutMs: 5000,
  readTimeoutMs: 3000,
  writeTimeoutMs: 2000,
};

describe('redis connection options', () => {
  it('maps a standalone role: address, ACL user, db, timeouts, name, fail-fast queueing', () => {
    const options = redisOptionsFor(base, { service: 'gateway', purpose: 'command' });
    expect(options).toMatchObject({
      host: 'redis.internal',
      port: 6380,
      username: 'tracera',
      password: 'secret',
      db: 3,
      connectTimeout: 5000,
      commandTimeout: 3000,
      socketTimeout: 3000,
      connectionName: 'tracera:gateway:core:command',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    });
    expect(options.tls).toBeUndefined();
    expect(options.sentinels).toBeUndefined();
  });

  it('gives blocking connections no command timeout, and a socket timeout only past the longest block', () => {
    const plain = redisOptionsFor(base, { service: 'auth', purpose: 'blocking', name: 'rpc' });
    expect(plain.commandTimeout).toBeUndefined();
    expect(plain.socketTimeout).toBeUndefined();
    expect(plain.maxRetriesPerRequest).toBe(0);
    expect(plain.autoResendUnfulfilledCommands).toBe(false);
    expect(plain.connectionName).toBe('tracera:auth:core:blocking:rpc');
    const bounded = redisOptionsFor(base, {
      service: 'auth',
      purpose: 'blocking',
      name: 'rpc',
      maxBlockMs: 5000,
    });
    expect(bounded.socketTimeout).toBe(8000);
  });

  it('lets subscribers wait for the connection instead of failing', () => {
    const options = redisOptionsFor(base, { service: 'gateway', purpose: 'subscriber', name: 'socket.io' });
    expect(options).toMatchObject({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
  });

  it('reconnects forever with capped, jittered backoff', () => {
    const options = redisOptionsFor(base, { service: 'gateway', purpose: 'command' });
    expect(typeof options.retryStrategy?.(1_000_000)).toBe('number');
    expect(reconnectDelayMs(1, () => 1)).toBe(50);
    expect(reconnectDelayMs(3, () => 1)).toBe(200);
    expect(reconnectDelayMs(100, () => 1)).toBe(2000);
    expect(reconnectDelayMs(100, () => 0)).toBe(1000);
  });

  it('derives the command timeout from the larger of read and write timeouts', () => {
    expect(commandTimeoutMs({ readTimeoutMs: 3000, writeTimeoutMs: 4500 })).toBe(4500);
  });

  it('maps Sentinel: sentinel list, master name, sentinel password, endless sentinel retries', () => {
    const options = redisOptionsFor(
      {
        ...base,
        topology: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26380 },
        ],
        sentinelMaster: 'mymaster',
        sentinelPassword: 'sentinel-secret',
      },
      { service: 'gateway', purpose: 'command' },
    );
    expect(options).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'mymaster',
      role: 'master',
      sentinelPassword: 'sentinel-secret',
      db: 3,
    });
    expect(options.host).toBeUndefined();
    expect(typeof options.sentinelRetryStrategy?.(1000)).toBe('number');
  });

  it('refuses Sentinel without a master name', () => {
    expect(() =>
      redisOptionsFor(
        { ...base, topology: 'sentinel', sentinels: [{ host: 's', port: 1 }] },
        { service: 's', purpose: 'command' },
      ),
    ).toThrow(/REDIS_SENTINEL_MASTER/);
  });

  it('maps Cluster without a database and with per-node options', () => {
    const options = clusterOptionsFor(
      { ...base, topology: 'cluster', clusterNodes: [{ host: 'n1', port: 7000 }] },
      {
        service: 'gateway',
        purpose: 'command',
      },
    );
    expect(options.enableOfflineQueue).toBe(false);
    expect(options.redisOptions).toMatchObject({
      username: 'tracera',
      password: 'secret',
      commandTimeout: 3000,
    });
    expect(options.redisOptions).not.toHaveProperty('db');
    expect(typeof options.clusterRetryStrategy?.(1000)).toBe('number');
    expect(options.shardedSubscribers).toBe(false);
  });

  it('gives a Cluster subscriber one sharded subscriber per master, for SSUBSCRIBE', () => {
    const cluster = { ...base, topology: 'cluster' as const, clusterNodes: [{ host: 'n1', port: 7000 }] };
    expect(clusterOptionsFor(cluster, { service: 'gateway', purpose: 'subscriber' }).shardedSubscribers).toBe(
      true,
    );
    expect(clusterOptionsFor(cluster, { service: 'gateway', purpose: 'publisher' }).shardedSubscribers).toBe(
      false,
    );
  });

  it('enables TLS, with the CA file when one is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'redis-ca-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
    expect(
      redisOptionsFor({ ...base, tls: { enabled: true } }, { service: 's', purpose: 'command' }).tls,
    ).toEqual({});
    const withCa = redisOptionsFor(
      { ...base, tls: { enabled: true, caFile } },
      { service: 's', purpose: 'command' },
    );
    expect(String(withCa.tls?.ca)).toContain('BEGIN CERTIFICATE');
    expect(() =>
      redisOptionsFor(
        { ...base, tls: { enabled: true, caFile: join(dir, 'missing.pem') } },
        { service: 's', purpose: 'command' },
      ),
    ).toThrow(/REDIS_TLS_CA_FILE/);
  });

  it('keeps connection names to characters CLIENT SETNAME accepts', () => {
    expect(redisConnectionName('search cache', 'cache', 'command')).toBe(
      'tracera:search-cache:cache:command',
    );
  });
});
