import { type Cluster, type Redis } from 'ioredis';
import { withDeadline } from './deadline';
import { isCluster, lastConnectionError, type RedisConnection } from './redis-connection.factory';

/** What one Redis server reports about itself. */
export type RedisNodeHealth = {
  /** `host:port` of the node (Cluster only; a single server is named by the readiness check). */
  address?: string;
  latencyMs: number;
  redisVersion: string;
  /** `master` or `slave`, from INFO replication. */
  role: string;
  usedMemoryBytes: number;
  /** 0 means no limit. */
  maxmemoryBytes: number;
  /** used / max, or null without a limit. */
  memoryUsedRatio: number | null;
  maxmemoryPolicy: string;
  /** keyspace_hits / (hits + misses), or null before the first lookup. */
  keyspaceHitRate: number | null;
  evictedKeys: number;
  connectedClients: number;
};

/** A Cluster: each master, plus the figures that matter in aggregate. */
export type RedisClusterHealth = {
  topology: 'cluster';
  /** The slowest master's PING. */
  latencyMs: number;
  /** The fullest master's ratio: one full shard rejects (or evicts) writes for its slots. */
  memoryUsedRatio: number | null;
  maxmemoryPolicies: string[];
  keyspaceHitRate: number | null;
  evictedKeys: number;
  connectedClients: number;
  nodes: RedisNodeHealth[];
};

export type RedisHealth = RedisNodeHealth | RedisClusterHealth;

/** `INFO` text → field map (sections and `# Section` headers flattened). */
export function parseRedisInfo(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

function numberField(fields: Map<string, string>, name: string): number {
  const value = Number(fields.get(name));
  return Number.isFinite(value) ? value : 0;
}

function hitRate(hits: number, misses: number): number | null {
  return hits + misses > 0 ? hits / (hits + misses) : null;
}

/** The health figures INFO yields, without the PING latency. */
export function healthFromInfo(
  info: string,
): Omit<RedisNodeHealth, 'latencyMs' | 'address'> & { hits: number; misses: number } {
  const fields = parseRedisInfo(info);
  const usedMemoryBytes = numberField(fields, 'used_memory');
  const maxmemoryBytes = numberField(fields, 'maxmemory');
  const hits = numberField(fields, 'keyspace_hits');
  const misses = numberField(fields, 'keyspace_misses');
  return {
    redisVersion: fields.get('redis_version') ?? 'unknown',
    role: fields.get('role') ?? 'unknown',
    usedMemoryBytes,
    maxmemoryBytes,
    memoryUsedRatio: maxmemoryBytes > 0 ? usedMemoryBytes / maxmemoryBytes : null,
    maxmemoryPolicy: fields.get('maxmemory_policy') ?? 'unknown',
    keyspaceHitRate: hitRate(hits, misses),
    evictedKeys: numberField(fields, 'evicted_keys'),
    connectedClients: numberField(fields, 'connected_clients'),
    hits,
    misses,
  };
}

async function nodeHealth(
  node: Redis,
  address?: string,
): Promise<RedisNodeHealth & { hits: number; misses: number }> {
  const started = process.hrtime.bigint();
  await node.ping();
  const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const info = await node.info();
  return {
    ...(address ? { address } : {}),
    latencyMs: Math.round(latencyMs * 1000) / 1000,
    ...healthFromInfo(info),
  };
}

async function clusterHealth(cluster: Cluster): Promise<RedisClusterHealth> {
  const masters = cluster.nodes('master');
  if (masters.length === 0) throw new Error('redis cluster knows no master nodes');
  const reports = await Promise.all(
    masters.map((node) =>
      nodeHealth(node, `${node.options.host}:${node.options.port}`).catch((error: Error) => {
        throw new Error(`cluster node ${node.options.host}:${node.options.port}: ${error.message}`);
      }),
    ),
  );
  const hits = reports.reduce((sum, r) => sum + r.hits, 0);
  const misses = reports.reduce((sum, r) => sum + r.misses, 0);
  const ratios = reports.map((r) => r.memoryUsedRatio).filter((r): r is number => r !== null);
  return {
    topology: 'cluster',
    latencyMs: Math.max(...reports.map((r) => r.latencyMs)),
    memoryUsedRatio: ratios.length > 0 ? Math.max(...ratios) : null,
    maxmemoryPolicies: [...new Set(reports.map((r) => r.maxmemoryPolicy))],
    keyspaceHitRate: hitRate(hits, misses),
    evictedKeys: reports.reduce((sum, r) => sum + r.evictedKeys, 0),
    connectedClients: reports.reduce((sum, r) => sum + r.connectedClients, 0),
    nodes: reports.map(({ hits: _h, misses: _m, ...report }) => report),
  };
}

/**
 * PINGs and reads INFO from `connection` (each master of a Cluster) within `timeoutMs`. A connection that
 * is not `ready` fails at once, so readiness turns 503 as soon as the socket drops rather than after a hang.
 */
export async function checkRedisHealth(connection: RedisConnection, timeoutMs: number): Promise<RedisHealth> {
  if (connection.status !== 'ready') {
    const cause = lastConnectionError(connection);
    throw new Error(
      `not connected (status ${connection.status}${cause ? `; last error: ${cause.message}` : ''})`,
    );
  }
  const work: Promise<RedisHealth> = isCluster(connection)
    ? clusterHealth(connection)
    : nodeHealth(connection).then(({ hits: _h, misses: _m, ...report }) => report);
  return withDeadline(work, timeoutMs, 'PING and INFO');
}
