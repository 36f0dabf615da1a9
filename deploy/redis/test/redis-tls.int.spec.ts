import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import type Redis from 'ioredis';
import {
  aclPasswordEnv,
  anonymousReply,
  EntrypointRedis,
  generateTestCertificates,
  redisContainerDirs,
  testAclPasswords,
} from './support/entrypoint-redis';

/** Whether a TLS client trusting only `caFile` accepts the server's certificate for `servername`. */
function certificateAccepted(port: number, caFile: string, servername: string): Promise<boolean | string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(caFile), servername }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: Error) => resolve(error.message));
  });
}

/** core and cache as compose.tls.yml runs them: tls.conf included, TLS only, certificates from the script. */
describe('Redis over TLS (tls.conf, generate-tls-certs.sh)', () => {
  const passwords = testAclPasswords();
  const cachePassword = 'cache-tls-password';
  let core: EntrypointRedis;
  let cache: EntrypointRedis;
  const connections: Redis[] = [];

  beforeAll(async () => {
    const certificates = await generateTestCertificates();
    core = await EntrypointRedis.start('core-tls', 'core-entrypoint.sh', aclPasswordEnv(passwords), {
      dirs: redisContainerDirs('core-tls', { tlsDir: certificates.dir }),
      tlsCaFile: certificates.caFile,
    });
    cache = await EntrypointRedis.start(
      'cache-tls',
      'cache-entrypoint.sh',
      { CACHE_REDIS_PASSWORD: cachePassword },
      {
        dirs: redisContainerDirs('cache-tls', { tlsDir: certificates.dir }),
        tlsCaFile: certificates.caFile,
      },
    );
  });
  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    await Promise.all([core?.stop(), cache?.stop()]);
  });

  it('serves ACL users over TLS only, with a certificate valid for the compose host names', async () => {
    const gateway = core.connect('gateway', passwords.gateway);
    connections.push(gateway);
    await gateway.connect();
    expect(await gateway.ping()).toBe('PONG');
    const admin = core.connect('admin', passwords.admin);
    connections.push(admin);
    await admin.connect();
    expect(await admin.config('GET', 'port')).toEqual(['port', '0']);
    expect(await admin.config('GET', 'tls-replication')).toEqual(['tls-replication', 'yes']);
    // A plain-text client gets no Redis reply on the TLS port.
    await expect(anonymousReply(core.port, 'PING')).rejects.toThrow();
    for (const host of ['redis', 'redis-cache', 'redis-replica', 'sentinel-1', 'localhost']) {
      expect({ host, accepted: await certificateAccepted(core.port, core.tlsCaFile!, host) }).toEqual({
        host,
        accepted: true,
      });
    }
    expect(await certificateAccepted(core.port, core.tlsCaFile!, 'elsewhere.example')).toMatch(/altnames/i);
  });

  it('serves the cache over TLS with its password', async () => {
    const client = cache.connect(undefined, cachePassword);
    connections.push(client);
    await client.connect();
    // The cache's default user may not run CONFIG; INFO shows the policy (port 0 comes from tls.conf, as above).
    expect(await client.info('memory')).toContain('maxmemory_policy:allkeys-lru\r\n');
  });
});
