import { healthFromInfo, parseRedisInfo } from './redis-health';

const INFO = [
  '# Server',
  'redis_version:7.0.15',
  'redis_mode:standalone',
  '',
  '# Clients',
  'connected_clients:3',
  '# Memory',
  'used_memory:1048576',
  'maxmemory:4194304',
  'maxmemory_policy:allkeys-lru',
  '# Stats',
  'keyspace_hits:30',
  'keyspace_misses:10',
  'evicted_keys:5',
  '# Replication',
  'role:master',
  '# Keyspace',
  'db0:keys=1,expires=0,avg_ttl=0',
].join('\r\n');

describe('redis health from INFO', () => {
  it('parses fields across sections', () => {
    const fields = parseRedisInfo(INFO);
    expect(fields.get('redis_version')).toBe('7.0.15');
    expect(fields.get('db0')).toBe('keys=1,expires=0,avg_ttl=0');
    expect(fields.has('# Server')).toBe(false);
  });

  it('derives memory ratio, hit rate and the reported figures', () => {
    expect(healthFromInfo(INFO)).toEqual({
      redisVersion: '7.0.15',
      role: 'master',
      usedMemoryBytes: 1048576,
      maxmemoryBytes: 4194304,
      memoryUsedRatio: 0.25,
      maxmemoryPolicy: 'allkeys-lru',
      keyspaceHitRate: 0.75,
      evictedKeys: 5,
      connectedClients: 3,
      hits: 30,
      misses: 10,
    });
  });

  it('reports no ratio without maxmemory and no hit rate before any lookup', () => {
    const report = healthFromInfo(
      'used_memory:100\r\nmaxmemory:0\r\nkeyspace_hits:0\r\nkeyspace_misses:0\r\n',
    );
    expect(report.memoryUsedRatio).toBeNull();
    expect(report.keyspaceHitRate).toBeNull();
    expect(report.redisVersion).toBe('unknown');
  });
});
