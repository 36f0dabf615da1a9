import Redis, { type Cluster } from 'ioredis';
import { type EmbeddedRedis } from '@tracera/embedded-servers';
import { sharedInfra, startThrowawayRedis, waitFor } from '@tracera/testing';
import {
  checkRedisHealth,
  createRedisConnection,
  lastConnectionError,
  type RedisClusterHealth,
  type RedisConnection,
  type RedisConnectionPurpose,
  waitUntilReady,
  withDeadline,
} from '../src';
import {
  capturingLogger,
  type RedisTestProcess,
  redisTestConfig,
  startCluster,
  startSentinelSetup,
  startTlsRedis,
} from './redis-test-servers';

describe('redis connection factory (real redis-server)', () => {
  const opened: RedisConnection[] = [];
  const servers: { stop(): Promise<void> }[] = [];
  const connect = (env: Record<string, string>, purpose: RedisConnectionPurpose = 'command') => {
    const { logger, lines } = capturingLogger();
    const connection = createRedisConnection(redisTestConfig(env).redis.core, {
      service: 'redis-test',
      purpose,
      logger,
    });
    opened.push(connection);
    return { connection, lines };
  };

  afterAll(async () => {
    for (const connection of opened) connection.disconnect();
    await Promise.all(servers.map((s) => s.stop()));
  });

  describe('with ACL users', () => {
    let redis: EmbeddedRedis;
    let admin: Redis;

    beforeAll(async () => {
      redis = await startThrowawayRedis();
      servers.push(redis);
      admin = new Redis({ port: redis.port, lazyConnect: true });
      await admin.connect();
      await admin.call('ACL', 'SETUSER', 'app', 'on', '>app-secret', '~*', '&*', '+@all');
      await admin.call('ACL', 'SETUSER', 'restricted', 'on', '>restricted-secret', '~*', '+@all', '-config');
    });

    afterAll(() => admin.disconnect());

    it('authenticates with ACL username and password and names the connection', async () => {
      const { connection } = connect({
        REDIS_ADDR: redis.address,
        REDIS_USERNAME: 'app',
        REDIS_PASSWORD: 'app-secret',
      });
      expect(await waitUntilReady(connection, 5000)).toBe(true);
      expect(await connection.call('ACL', 'WHOAMI')).toBe('app');
      expect(await connection.client('GETNAME')).toBe('tracera:redis-test:core:command');
    });

    it('fails with a clear WRONGPASS error on a wrong password, and commands fail fast', async () => {
      const { connection, lines } = connect({
        REDIS_ADDR: `redis://app:wrong@${redis.address}`,
      });
      expect(await waitUntilReady(connection, 5000)).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(lastConnectionError(connection)?.message).toMatch(/WRONGPASS/);
      expect(
        lines.some(
          (l) => l.level === 'warn' && /WRONGPASS/.test(l.message) && l.message.includes(redis.address),
        ),
      ).toBe(true);
      const started = Date.now();
      await expect(connection.get('k')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(500);
      await expect(checkRedisHealth(connection, 500)).rejects.toThrow(/not connected.*WRONGPASS/);
    });
  });

  it('selects the configured database', async () => {
    const { connection } = connect({ REDIS_ADDR: `redis://${sharedInfra().redisAddress}/5` });
    expect(await waitUntilReady(connection, 5000)).toBe(true);
    const key = `db-test:${process.pid}:${Date.now()}`;
    await connection.set(key, 'in five');
    const probe = new Redis({ port: sharedInfra().redisPort, db: 5 });
    const db0 = new Redis({ port: sharedInfra().redisPort, db: 0 });
    try {
      expect(await probe.get(key)).toBe('in five');
      expect(await db0.get(key)).toBeNull();
    } finally {
      probe.disconnect();
      db0.disconnect();
    }
  });

  it('keeps a blocking read alive longer than the command timeout', async () => {
    const { connection } = connect(
      { REDIS_ADDR: sharedInfra().redisAddress, REDIS_READ_TIMEOUT: '200ms' },
      'blocking',
    );
    expect(await waitUntilReady(connection, 5000)).toBe(true);
    const started = Date.now();
    expect(await (connection as Redis).blpop(`blocking-test:${process.pid}`, 0.6)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('reaches the master through Sentinel', async () => {
    const { master, sentinel } = await startSentinelSetup();
    servers.push(sentinel, master);
    const { connection } = connect({ REDIS_SENTINELS: sentinel.address, REDIS_SENTINEL_MASTER: 'mymaster' });
    expect(await waitUntilReady(connection, 5000)).toBe(true);
    await connection.set('through-sentinel', 'yes');
    const direct = new Redis({ port: master.port });
    try {
      expect(await direct.get('through-sentinel')).toBe('yes');
    } finally {
      direct.disconnect();
    }
  });

  it('works against a three-master Cluster and reports each master', async () => {
    const nodes: RedisTestProcess[] = await startCluster();
    servers.push(...nodes);
    const { connection } = connect({ REDIS_CLUSTER_NODES: nodes.map((n) => n.address).join(',') });
    expect(await waitUntilReady(connection, 8000)).toBe(true);
    const cluster = connection as Cluster;
    // Keys spread over all slots, and a hash-tagged pair in one transaction.
    for (let i = 0; i < 30; i++) await cluster.set(`tr:item:${i}`, String(i));
    expect(await cluster.get('tr:item:17')).toBe('17');
    await cluster.multi().set('tr:{u:42}:a', '1').set('tr:{u:42}:b', '2').exec();
    expect(await cluster.mget('tr:{u:42}:a', 'tr:{u:42}:b')).toEqual(['1', '2']);
    const health = (await checkRedisHealth(cluster, 2000)) as RedisClusterHealth;
    expect(health.topology).toBe('cluster');
    expect(health.nodes).toHaveLength(3);
    expect(health.maxmemoryPolicies).toEqual(['noeviction']);
    expect(typeof health.latencyMs).toBe('number');
  });

  it('delivers sharded pub/sub (SSUBSCRIBE/SPUBLISH) on a Cluster, whichever master owns the channel', async () => {
    const nodes: RedisTestProcess[] = await startCluster();
    servers.push(...nodes);
    const env = { REDIS_CLUSTER_NODES: nodes.map((n) => n.address).join(',') };
    const subscriber = connect(env, 'subscriber').connection as Cluster;
    const publisher = connect(env, 'publisher').connection as Cluster;
    expect(await waitUntilReady(subscriber, 8000)).toBe(true);
    expect(await waitUntilReady(publisher, 8000)).toBe(true);
    const channels = Array.from({ length: 12 }, (_, i) => `tr:socket.io#/${i}#`);
    const owners = new Set(
      await Promise.all(
        channels.map(
          async (channel) => subscriber.slots[Number(await publisher.cluster('KEYSLOT', channel))][0],
        ),
      ),
    );
    expect(owners.size).toBe(3);

    const received: string[] = [];
    subscriber.on('smessageBuffer', (channel: Buffer, message: Buffer) =>
      received.push(`${channel.toString()}=${message.toString()}`),
    );
    for (const channel of channels) {
      await withDeadline(subscriber.ssubscribe(channel), 3000, `SSUBSCRIBE ${channel}`);
    }
    for (const channel of channels) expect(await publisher.spublish(channel, 'hello')).toBe(1);
    await waitFor(() => received.length >= channels.length, {
      timeoutMs: 5000,
      description: 'every sharded message delivered',
    });
    expect(received.sort()).toEqual(channels.map((channel) => `${channel}=hello`).sort());
  });

  it('keeps the order of a publisher’s PUBLISHes on a Cluster, across channels', async () => {
    const nodes: RedisTestProcess[] = await startCluster();
    servers.push(...nodes);
    const env = { REDIS_CLUSTER_NODES: nodes.map((n) => n.address).join(',') };
    const subscriber = connect(env, 'subscriber').connection as Cluster;
    const publisher = connect(env, 'publisher').connection as Cluster;
    expect(await waitUntilReady(subscriber, 8000)).toBe(true);
    expect(await waitUntilReady(publisher, 8000)).toBe(true);
    const received: string[] = [];
    subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) =>
      received.push(message),
    );
    await subscriber.psubscribe('tr:order:*');
    // As the Socket.IO adapter does: a broadcast on one channel, then a request (disconnect) on another.
    const sent = Array.from({ length: 300 }, (_, i) => String(i));
    await Promise.all(sent.map((message, i) => publisher.publish(`tr:order:${i % 3}`, message)));
    await waitFor(() => received.length >= sent.length, {
      timeoutMs: 5000,
      description: 'every message delivered',
    });
    expect(received).toEqual(sent);
  });

  it('connects over TLS, trusting the configured CA file', async () => {
    const { server, caFile } = await startTlsRedis();
    servers.push(server);
    const { connection } = connect({ REDIS_ADDR: `rediss://${server.address}`, REDIS_TLS_CA_FILE: caFile });
    expect(await waitUntilReady(connection, 5000)).toBe(true);
    expect(await connection.ping()).toBe('PONG');
    const { connection: untrusted } = connect({ REDIS_ADDR: `rediss://${server.address}` });
    expect(await waitUntilReady(untrusted, 5000)).toBe(false);
    expect(lastConnectionError(untrusted)?.message).toMatch(/self[- ]signed/i);
  });
});
