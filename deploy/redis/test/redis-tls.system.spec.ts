import { createTestDatabase, ServiceProcess } from '@tracera/testing';
import { runMigrateJob } from '../../test/support/tracera-stack';
import {
  aclPasswordEnv,
  EntrypointRedis,
  generateTestCertificates,
  redisContainerDirs,
  serviceRedisEnv,
  testAclPasswords,
} from './support/entrypoint-redis';

/**
 * The TLS switch end to end: core and cache serve TLS only (tls.conf), and a service configured as
 * compose.tls.yml configures it (rediss:// addresses, REDIS_TLS, REDIS_TLS_CA_FILE) becomes ready.
 */
describe('a service on TLS-only Redis, configured as compose.tls.yml does', () => {
  const passwords = testAclPasswords();
  const cachePassword = 'cache-tls-password';
  const servers: EntrypointRedis[] = [];
  let auth: ServiceProcess | undefined;

  afterAll(async () => {
    await auth?.stop().catch(() => auth?.kill9());
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('connects to core and cache over TLS with the private CA and becomes ready', async () => {
    const certificates = await generateTestCertificates();
    const core = await EntrypointRedis.start(
      'stack-core-tls',
      'core-entrypoint.sh',
      aclPasswordEnv(passwords),
      {
        dirs: redisContainerDirs('stack-core-tls', { tlsDir: certificates.dir }),
        tlsCaFile: certificates.caFile,
      },
    );
    servers.push(core);
    const cache = await EntrypointRedis.start(
      'stack-cache-tls',
      'cache-entrypoint.sh',
      { CACHE_REDIS_PASSWORD: cachePassword },
      {
        dirs: redisContainerDirs('stack-cache-tls', { tlsDir: certificates.dir }),
        tlsCaFile: certificates.caFile,
      },
    );
    servers.push(cache);

    const databaseUrl = await createTestDatabase('redis-tls');
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      // The certificate names localhost (and the compose hosts); the CA is the only one trusted.
      REDIS_TLS: 'true',
      REDIS_TLS_CA_FILE: certificates.caFile,
      REDIS_ADDR: `rediss://localhost:${core.port}`,
      CACHE_REDIS_ADDR: `rediss://default@localhost:${cache.port}`,
      CACHE_REDIS_PASSWORD: cachePassword,
      ...serviceRedisEnv('auth', passwords),
    };
    await runMigrateJob(databaseUrl, env);
    auth = await ServiceProcess.startReady('auth', { env }, 60_000);
    const ready = await auth.health('ready');
    expect(ready.status).toBe(200);
    expect(auth.logs).not.toMatch(/NOPERM|WRONGPASS|certificate/i);

    const admin = core.connect('admin', passwords.admin);
    try {
      await admin.connect();
      expect(String(await admin.call('CLIENT', 'LIST'))).toMatch(/ user=auth /);
    } finally {
      admin.disconnect();
    }
  });
});
