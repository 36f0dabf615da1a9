import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import {
  type ComposeData,
  composeFilesIn,
  envExampleVariables,
  interpolateData,
  parseCompose,
  readComposeFile,
  requiredVariablesFilled,
} from '../src/compose-file';
import { RequiredVariableError } from '../src/compose-interpolation';
import {
  hardened,
  healthChecks,
  nonRootUsers,
  onlyEdgePublishes,
  onlyKnownOneShots,
  pinnedImages,
  rotatedLogs,
  scalable,
  secretsRequired,
  sharedAppAnchor,
  variablesDocumented,
  volumesAndNetwork,
  waitForMigrationsAndState,
} from '../src/compose-rules';

const prodFile = readComposeFile(join(REPO_ROOT, 'compose.prod.yml'));
/** compose.prod.yml as `docker compose config` would see it with only the required secrets set. */
const prod: ComposeData = interpolateData(prodFile.data, requiredVariablesFilled(prodFile));
const broken = (change: (data: ComposeData) => void): ComposeData => {
  const copy = structuredClone(prod);
  change(copy);
  return copy;
};

describe('compose.prod.yml rules', () => {
  it('runs the stack the design names, with the optional pieces behind profiles', () => {
    const byProfile = (profile?: string) =>
      Object.entries(prod.services)
        .filter(([, service]) => (profile ? (service.profiles ?? []).includes(profile) : !service.profiles))
        .map(([name]) => name)
        .sort();
    expect(byProfile()).toEqual(
      ['analytics', 'auth', 'content', 'edge', 'gateway', 'messaging', 'migrate', 'redis', 'redis-cache']
        .concat(['search-cache', 'timescaledb', 'web'])
        .sort(),
    );
    expect(byProfile('sentinel')).toEqual(['redis-replica', 'sentinel-1', 'sentinel-2', 'sentinel-3']);
    expect(byProfile('backup')).toEqual(['backup', 'restore']);
    expect(byProfile('tools')).toEqual([
      'analytics-rebuild',
      'dead-letters',
      'psql',
      'redis-cli',
      'search-rebuild',
    ]);
  });

  it('gives every long-running service a health check every 10s; only migrate, backup and tools run once', () => {
    expect(healthChecks(prod, '10s')).toEqual([]);
    expect(onlyKnownOneShots(prod)).toEqual([]);
    expect(
      healthChecks(
        broken((d) => delete d.services.auth.healthcheck),
        '10s',
      ),
    ).toEqual(['auth: no health check']);
    expect(
      healthChecks(
        broken((d) => (d.services.redis.healthcheck!.interval = '30s')),
        '10s',
      ),
    ).toEqual(['redis: health check interval 30s, expected 10s']);
    // Declaring a service one-shot to dodge the health check is itself caught.
    const dodged = broken((d) => {
      d.services.web.restart = 'no';
      delete d.services.web.healthcheck;
    });
    expect(healthChecks(dodged, '10s')).toEqual([]);
    expect(onlyKnownOneShots(dodged)).toEqual([
      "web: restart 'no' is only for migrate and the backup/tools profiles",
    ]);
  });

  it('pins every image to a tag, never :latest', () => {
    expect(pinnedImages(prod)).toEqual([]);
    expect(prod.services.timescaledb.image).toBe('timescale/timescaledb:2.25.1-pg16');
    expect(prod.services.redis.image).toBe('redis:7.4-alpine');
    expect(prod.services.gateway.image).toBe('ghcr.io/tracera/gateway:0.1.0');
    expect(pinnedImages(broken((d) => (d.services.edge.image = 'caddy:latest')))).toEqual([
      'edge: image caddy:latest uses :latest',
    ]);
    expect(
      pinnedImages(broken((d) => (d.services.gateway.image = 'registry.local:5000/tracera/gateway'))),
    ).toEqual(['gateway: image registry.local:5000/tracera/gateway has no tag']);
  });

  it('hardens every service: read-only, no capabilities, no new privileges, CPU and memory limits', () => {
    expect(hardened(prod)).toEqual([]);
    const weakened = broken((d) => {
      d.services.timescaledb.read_only = false;
      d.services.gateway.cap_drop = ['NET_RAW'];
      d.services.psql.security_opt = [];
      delete d.services.backup.deploy!.resources!.limits!.memory;
      delete d.services['sentinel-2'].deploy!.resources!.limits!.cpus;
      d.services.redis.cap_add = ['SYS_RESOURCE'];
    });
    expect(hardened(weakened)).toEqual([
      'timescaledb: not read_only',
      'redis: adds capabilities SYS_RESOURCE',
      'gateway: does not cap_drop ALL',
      'sentinel-2: no CPU limit',
      'backup: no memory limit',
      'psql: no no-new-privileges',
    ]);
  });

  it('adds no capability back, not even to the edge (its image drops the binary file capability)', () => {
    expect(Object.entries(prod.services).filter(([, service]) => service.cap_add !== undefined)).toEqual([]);
    expect(hardened(broken((d) => (d.services.edge.cap_add = ['NET_BIND_SERVICE'])))).toEqual([
      'edge: adds capabilities NET_BIND_SERVICE',
    ]);
    const edgeDockerfile = readFileSync(join(REPO_ROOT, 'deploy', 'edge', 'Dockerfile'), 'utf8');
    expect(edgeDockerfile).toMatch(/^FROM caddy:2\.10-alpine$/m);
    expect(edgeDockerfile).toMatch(/cat \/usr\/bin\/caddy > /);
    expect(edgeDockerfile).toMatch(/^USER 65532:65532$/m);
    expect(prod.services.edge).toMatchObject({
      image: 'ghcr.io/tracera/edge:0.1.0',
      build: { context: '.', dockerfile: 'deploy/edge/Dockerfile' },
      user: '65532:65532',
    });
  });

  it('runs every long-running service as a named non-root user', () => {
    expect(nonRootUsers(prod)).toEqual([]);
    const asRoot = broken((d) => {
      delete d.services.edge.user;
      d.services['redis-cache'].user = '0:0';
      d.services.timescaledb.user = 'root';
      d.services.gateway.user = 0;
      // One-shot jobs may rely on their image's USER (the backup image has one).
      delete d.services.backup.user;
    });
    expect(nonRootUsers(asRoot)).toEqual([
      'timescaledb: runs as root (user root)',
      'redis-cache: runs as root (user 0:0)',
      'gateway: runs as root (user 0)',
      "edge: no user (runs as the image's user, root unless it says otherwise)",
    ]);
  });

  it('sends every client of the service config through the sentinels in the sentinel override', () => {
    const override = readComposeFile(join(REPO_ROOT, 'deploy', 'compose', 'compose.sentinel.yml')).data;
    const configClients = Object.entries(prod.services)
      .filter(([, service]) => (service.environment as Record<string, string> | undefined)?.REDIS_USERNAME)
      .filter(([, service]) => (service.environment as Record<string, string>).REDIS_ADDR === 'redis:6379')
      .map(([name]) => name)
      .sort();
    expect(configClients).toEqual(
      ['analytics', 'analytics-rebuild', 'auth', 'content', 'dead-letters', 'gateway', 'messaging']
        .concat(['search-cache', 'search-rebuild'])
        .sort(),
    );
    expect(Object.keys(override.services).sort()).toEqual(configClients);
    for (const name of configClients) {
      expect(override.services[name].environment).toHaveProperty(
        'REDIS_SENTINELS',
        'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379',
      );
    }
  });

  it('rotates json-file logs of every service', () => {
    expect(rotatedLogs(prod)).toEqual([]);
    expect(rotatedLogs(broken((d) => (d.services.migrate.logging = { driver: 'local' })))).toEqual([
      'migrate: logging driver is not json-file',
    ]);
    expect(rotatedLogs(broken((d) => delete d.services.edge.logging!.options!['max-file']))).toEqual([
      'edge: json-file logs without max-size/max-file',
    ]);
  });

  it('publishes only the gateway and web ports, through the edge', () => {
    expect(onlyEdgePublishes(prod)).toEqual([]);
    expect(prod.services.edge.ports).toEqual(['8080:8080', '3000:3000']);
    expect(onlyEdgePublishes(broken((d) => (d.services.timescaledb.ports = ['5432:5432'])))).toEqual([
      'timescaledb: publishes 5432',
    ]);
    expect(onlyEdgePublishes(broken((d) => d.services.edge.ports!.push('2019:2019')))).toEqual([
      'edge: publishes 2019, 3000, 8080, expected 3000, 8080',
    ]);
  });

  it('keeps scalable services free of container_name and ports', () => {
    expect(scalable(prod)).toEqual([]);
    expect(scalable(broken((d) => (d.services.messaging.container_name = 'tracera-messaging')))).toEqual([
      'messaging: has container_name',
    ]);
    expect(scalable(broken((d) => (d.services.gateway.ports = [{ target: 8080, published: 8080 }])))).toEqual(
      ['gateway: has ports'],
    );
  });

  it('starts the services only after migrate completed and the state is healthy', () => {
    expect(waitForMigrationsAndState(prod)).toEqual([]);
    expect(
      waitForMigrationsAndState(broken((d) => (d.services.content.depends_on = ['migrate', 'redis']))),
    ).toEqual([
      'content: does not depend on migrate with service_completed_successfully',
      'content: does not depend on timescaledb with service_healthy',
      'content: does not depend on redis with service_healthy',
      'content: does not depend on redis-cache with service_healthy',
    ]);
    expect(prod.services.migrate.restart).toBe('no');
    expect(prod.services.migrate.depends_on).toEqual({ timescaledb: { condition: 'service_healthy' } });
  });

  it('declares the named volumes and puts every service on the tracera network', () => {
    expect(volumesAndNetwork(prod)).toEqual([]);
    expect(prod.services.content.volumes).toEqual(['files:/data/files']);
    expect(
      volumesAndNetwork(
        broken((d) => {
          delete d.volumes!.files;
          d.services.analytics.networks = ['default'];
        }),
      ),
    ).toEqual(['volume files missing', 'analytics: not on network tracera']);
  });

  it('writes the hardening once: every service we build merges <<: *app', () => {
    expect(sharedAppAnchor(prodFile)).toEqual([]);
    const copied = readFileSync(join(REPO_ROOT, 'compose.prod.yml'), 'utf8').replace(
      /( {2}auth:\n {4})<<: \*app\n/,
      '$1read_only: true\n',
    );
    expect(sharedAppAnchor(parseCompose(copied))).toEqual(['auth: does not merge <<: *app']);
  });

  it('requires every secret with ${VAR:?message}: compose stops when one is missing', () => {
    expect(secretsRequired(prodFile.references)).toEqual([]);
    const defaulted = parseCompose(
      'services:\n  x:\n    environment:\n      P: ${POSTGRES_PASSWORD:-postgres}\n',
    );
    expect(secretsRequired(defaulted.references)).toEqual([
      '${POSTGRES_PASSWORD:-postgres} must use :? (required secret)',
    ]);
    const env = { ...requiredVariablesFilled(prodFile), REDIS_GATEWAY_PASSWORD: '' };
    expect(() => interpolateData(prodFile.data, env)).toThrow(RequiredVariableError);
    expect(() => interpolateData(prodFile.data, env)).toThrow('REDIS_GATEWAY_PASSWORD');
  });

  it('connects each service to Redis as its own ACL user, the cache as its default user', () => {
    for (const name of ['gateway', 'auth', 'content', 'search-cache', 'messaging', 'analytics']) {
      const environment = prod.services[name].environment as Record<string, string>;
      expect({ name, user: environment.REDIS_USERNAME, addr: environment.REDIS_ADDR }).toEqual({
        name,
        user: name,
        addr: 'redis:6379',
      });
      expect(environment.CACHE_REDIS_ADDR).toBe('redis://default@redis-cache:6379');
      expect(environment.NODE_ENV).toBe('production');
    }
    const withSecrets = interpolateData(prodFile.data, {
      ...requiredVariablesFilled(prodFile),
      REDIS_GATEWAY_PASSWORD: 'gw-secret',
      POSTGRES_PASSWORD: 'pg-secret',
    });
    const gatewayEnv = withSecrets.services.gateway.environment as Record<string, string>;
    expect(gatewayEnv.REDIS_PASSWORD).toBe('gw-secret');
    expect(gatewayEnv.DATABASE_URL).toBe('postgres://tracera:pg-secret@timescaledb:5432/tracera');
  });
});

describe('.env.example documents every compose variable', () => {
  const documented = envExampleVariables(readFileSync(join(REPO_ROOT, '.env.example'), 'utf8'));

  it.each(composeFilesIn(REPO_ROOT))('%s', (relativePath) => {
    expect(
      variablesDocumented(readComposeFile(join(REPO_ROOT, relativePath)).references, documented),
    ).toEqual([]);
  });

  it('notices an undocumented variable', () => {
    const file = parseCompose('services:\n  x:\n    image: x:${TRACERA_UNDOCUMENTED_TAG:-1}\n');
    expect(variablesDocumented(file.references, documented)).toEqual([
      '${TRACERA_UNDOCUMENTED_TAG} is not in .env.example',
    ]);
  });
});
