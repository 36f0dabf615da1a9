import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import { type ComposeService, readComposeFile } from '../../compose/src/compose-file';

const REDIS_SERVERS = ['redis', 'redis-cache', 'redis-replica', 'sentinel-1', 'sentinel-2', 'sentinel-3'];
const REDIS_CLIENTS = ['gateway', 'auth', 'content', 'search-cache', 'messaging', 'analytics'];
const TOOLS = ['dead-letters', 'search-rebuild', 'analytics-rebuild'];

/** The parts of a service the override sets. */
type TlsOverride = ComposeService & {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
};

/** compose.tls.yml switches every Redis server and client of compose.prod.yml to TLS, consistently. */
describe('deploy/redis/compose.tls.yml', () => {
  const prod = readComposeFile(join(REPO_ROOT, 'compose.prod.yml')).data;
  const tls = readComposeFile(join(REPO_ROOT, 'deploy/redis/compose.tls.yml')).data;
  const service = (name: string) => tls.services[name] as TlsOverride;
  const tlsConf = readFileSync(join(REPO_ROOT, 'deploy/redis/tls.conf'), 'utf8');

  it('only overrides services compose.prod.yml defines, and covers every Redis server and client', () => {
    expect(Object.keys(tls.services).filter((name) => !(name in prod.services))).toEqual([]);
    expect(
      [...REDIS_SERVERS, ...REDIS_CLIENTS, ...TOOLS, 'redis-cli', 'backup'].filter(
        (name) => !tls.services[name],
      ),
    ).toEqual([]);
  });

  it('makes the servers include tls.conf, mount the certificates where it looks, and check health over TLS', () => {
    const certificateDir = /^tls-cert-file (\S+)\/redis\.crt$/m.exec(tlsConf)?.[1];
    expect(certificateDir).toBe('/etc/redis/tls');
    for (const name of REDIS_SERVERS) {
      const server = service(name);
      expect({ name, command: server.command }).toEqual({
        name,
        command: expect.arrayContaining(['--include', '/usr/local/etc/redis/tls.conf']) as unknown,
      });
      expect({ name, mounts: server.volumes }).toEqual({
        name,
        mounts: ['./deploy/redis/tls:/etc/redis/tls:ro'],
      });
      expect({ name, health: JSON.stringify(server.healthcheck?.test) }).toEqual({
        name,
        health: expect.stringContaining('--tls --cacert /etc/redis/tls/ca.crt') as unknown,
      });
      // The entrypoint stays the one compose.prod.yml runs.
      expect(server.command?.slice(0, 2)).toEqual((prod.services[name] as TlsOverride).command);
    }
    expect(tlsConf).toMatch(/^port 0$/m);
    expect(tlsConf).toMatch(/^tls-port 6379$/m);
    expect(tlsConf).toMatch(/^tls-replication yes$/m);
  });

  it('points every service and tool at rediss:// with the CA mounted where REDIS_TLS_CA_FILE says', () => {
    for (const name of [...REDIS_CLIENTS, ...TOOLS]) {
      const client = service(name);
      expect({ name, environment: client.environment }).toEqual({
        name,
        environment: {
          REDIS_TLS: 'true',
          REDIS_TLS_CA_FILE: '/etc/tracera/redis-ca.crt',
          REDIS_ADDR: 'rediss://redis:6379',
          CACHE_REDIS_ADDR: 'rediss://default@redis-cache:6379',
        },
      });
      expect({ name, mounts: client.volumes }).toEqual({
        name,
        mounts: ['./deploy/redis/tls/ca.crt:/etc/tracera/redis-ca.crt:ro'],
      });
    }
    expect(service('backup').environment).toMatchObject({
      REDIS_TLS: 'true',
      REDIS_TLS_CA_FILE: '/etc/tracera/redis-ca.crt',
    });
  });
});
