import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createTestDatabase, ServiceProcess, waitFor } from '@tracera/testing';
import { runMigrateJob } from '../../test/support/tracera-stack';
import {
  aclPasswordEnv,
  EntrypointRedis,
  redisContainerDirs,
  type RedisContainerDirs,
  serviceRedisEnv,
  testAclPasswords,
} from './support/entrypoint-redis';

const MASTER = 'tracera';
// The host name the data nodes announce (redis / redis-replica in compose); localhost resolves on loopback.
const ANNOUNCED_HOST = 'localhost';

/** `SENTINEL MASTER tracera` as a field map. */
async function masterState(sentinel: Redis): Promise<Record<string, string>> {
  const flat = (await sentinel.call('SENTINEL', 'MASTER', MASTER)) as string[];
  return Object.fromEntries(flat.flatMap((value, i) => (i % 2 === 0 ? [[value, flat[i + 1]]] : [])));
}

function aclDenials(reply: unknown[]): string[] {
  return reply.map((entry) => {
    const fields = entry as string[];
    const field = (name: string) => String(fields[fields.indexOf(name) + 1]);
    return `${field('username')} ${field('reason')} ${field('object')}`;
  });
}

/**
 * The sentinel profile from its entrypoints on loopback: core, one replica (user `replication`), three
 * sentinels (user `sentinel` on the data nodes, a password for clients). A service that finds Redis
 * through the sentinels becomes ready, and follows a failover to the promoted replica.
 */
describe('sentinel profile: core, replica and three sentinels from the entrypoints', () => {
  const passwords = { ...testAclPasswords(), sentinel: `monitor-${randomBytes(8).toString('hex')}` };
  const sentinelPassword = `sentinel-${randomBytes(8).toString('hex')}`;
  const servers: EntrypointRedis[] = [];
  const connections: Redis[] = [];
  let core: EntrypointRedis;
  let replica: EntrypointRedis;
  let sentinels: EntrypointRedis[];
  const sentinelDirs: RedisContainerDirs[] = [1, 2, 3].map((n) => redisContainerDirs(`sentinel-${n}`));
  const sentinelEnv = (n: number, extra: Record<string, string> = {}) => ({
    REDIS_SENTINEL_PASSWORD: sentinelPassword,
    REDIS_MONITOR_PASSWORD: passwords.sentinel,
    REDIS_MASTER_HOST: ANNOUNCED_HOST,
    REDIS_MASTER_PORT: String(core.port),
    REDIS_SENTINEL_DOWN_AFTER_MS: '2000',
    REDIS_SENTINEL_FAILOVER_TIMEOUT_MS: '10000',
    // The volume of each sentinel in compose.prod.yml.
    REDIS_SENTINEL_DATA_DIR: sentinelDirs[n - 1].dataDir,
    ...extra,
  });
  const startSentinel = (n: number, extra: Record<string, string> = {}) =>
    EntrypointRedis.start(`sentinel-${n}`, 'sentinel-entrypoint.sh', sentinelEnv(n, extra), {
      dirs: sentinelDirs[n - 1],
    });
  let auth: ServiceProcess | undefined;

  // A connection per command: Sentinel kills client connections of the nodes it reconfigures.
  const asAdmin = async <T>(server: EntrypointRedis, run: (redis: Redis) => Promise<T>): Promise<T> => {
    const redis = server.connect('admin', passwords.admin);
    try {
      await redis.connect();
      return await run(redis);
    } finally {
      redis.disconnect();
    }
  };
  const replicationInfo = (server: EntrypointRedis) => asAdmin(server, (redis) => redis.info('replication'));
  const aclLog = (server: EntrypointRedis) =>
    asAdmin(server, async (redis) => aclDenials((await redis.call('ACL', 'LOG', '100')) as unknown[]));

  beforeAll(async () => {
    const env = {
      ...aclPasswordEnv(passwords),
      REDIS_MONITOR_PASSWORD: passwords.sentinel,
      REDIS_ANNOUNCE_HOST: ANNOUNCED_HOST,
    };
    core = await EntrypointRedis.start('sentinel-core', 'core-entrypoint.sh', env);
    servers.push(core);
    replica = await EntrypointRedis.start('sentinel-replica', 'replica-entrypoint.sh', {
      ...env,
      REDIS_MASTER_HOST: ANNOUNCED_HOST,
      REDIS_MASTER_PORT: String(core.port),
    });
    servers.push(replica);
    sentinels = await Promise.all([1, 2, 3].map((n) => startSentinel(n)));
    servers.push(...sentinels);
  }, 60_000);

  afterAll(async () => {
    await auth?.stop().catch(() => auth?.kill9());
    for (const redis of connections) redis.disconnect();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('replicates as `replication`, is watched by three sentinels as `sentinel`, and serves a service through them', async () => {
    const sentinel = new Redis({ host: '127.0.0.1', port: sentinels[0].port, password: sentinelPassword });
    connections.push(sentinel);
    await waitFor(
      async () => {
        const state = await masterState(sentinel);
        return (
          state['num-slaves'] === '1' && state['num-other-sentinels'] === '2' && state.flags === 'master'
        );
      },
      { timeoutMs: 30_000, description: 'sentinels to know the replica and each other' },
    );
    // Sentinels list a replica from the master's INFO as soon as it asks to sync; the link comes up after.
    await waitFor(async () => /master_link_status:up/.test(await replicationInfo(replica)), {
      timeoutMs: 30_000,
      description: 'the replica linked to its master',
    });

    const databaseUrl = await createTestDatabase('redis-sentinel');
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_SENTINELS: sentinels.map((s) => s.address).join(','),
      REDIS_SENTINEL_MASTER: MASTER,
      REDIS_SENTINEL_PASSWORD: sentinelPassword,
      ...serviceRedisEnv('auth', passwords),
    };
    await runMigrateJob(databaseUrl, env);
    auth = await ServiceProcess.startReady('auth', { env }, 60_000);

    // A manual failover: the replica becomes master, the old master replicates it (as `replication` too).
    await sentinel.call('SENTINEL', 'FAILOVER', MASTER);
    await waitFor(async () => (await masterState(sentinel)).port === String(replica.port), {
      timeoutMs: 30_000,
      description: 'the replica promoted',
    });
    // Every sentinel hands clients the promoted node by the name it announces, never its IP.
    const masterAddresses = await Promise.all(
      sentinels.map(async (server) => {
        const client = server.connect(undefined, sentinelPassword);
        try {
          await client.connect();
          return await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER);
        } finally {
          client.disconnect();
        }
      }),
    );
    expect(masterAddresses).toEqual(sentinels.map(() => [ANNOUNCED_HOST, String(replica.port)]));
    await waitFor(async () => /role:slave[\s\S]*master_link_status:up/.test(await replicationInfo(core)), {
      timeoutMs: 30_000,
      description: 'the old master replicating the new one',
    });
    const clientList = () => asAdmin(replica, async (redis) => String(await redis.call('CLIENT', 'LIST')));
    await waitFor(async () => / user=auth /.test(await clientList()), {
      timeoutMs: 30_000,
      description: 'auth connected to the promoted master',
    });
    await auth.waitReady(30_000);

    expect({
      core: await aclLog(core),
      replica: await aclLog(replica),
      authLogs: /NOPERM|WRONGPASS/.test(auth.logs),
    }).toEqual({ core: [], replica: [], authLogs: false });
  });

  it('keeps what a sentinel learned across a restart (its volume) and applies changed settings', async () => {
    // Recreated with the original REDIS_MASTER_PORT (the old master) and a new quorum: it must still
    // follow the promoted replica, with the new quorum.
    await sentinels[0].stop();
    const restarted = await startSentinel(1, { REDIS_SENTINEL_QUORUM: '3' });
    servers.push(restarted);
    const client = restarted.connect(undefined, sentinelPassword);
    connections.push(client);
    await client.connect();
    const state = await masterState(client);
    expect({ ip: state.ip, port: state.port, quorum: state.quorum }).toEqual({
      ip: ANNOUNCED_HOST,
      port: String(replica.port),
      quorum: '3',
    });
    await waitFor(async () => (await masterState(client))['num-other-sentinels'] === '2', {
      timeoutMs: 30_000,
      description: 'the restarted sentinel to find the other two again',
    });
    // Its password is the one from the environment, once (no stale `user default` line kept).
    expect(
      readFileSync(join(sentinelDirs[0].dataDir, 'sentinel.conf'), 'utf8').match(/^requirepass /gm),
    ).toEqual(['requirepass ']);
  });
});
