import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SERVICE_NAMES } from '@tracera/testing';
import { parse } from 'yaml';
import { SERVICE_DEFAULT_PORTS } from '../src/healthcheck';

interface DevService {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean; start_period?: string };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  deploy?: unknown;
  restart?: string;
}

const compose = parse(readFileSync(join(REPO_ROOT, 'compose.dev.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, DevService>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const WATCH = [
  'node',
  '--watch',
  '--watch-preserve-output',
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  'tsconfig-paths/register',
];

describe('compose.dev.yml', () => {
  it('runs the infrastructure, the migration job, every app service and the web dev server', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['timescaledb', 'redis', 'migrate', 'web', ...SERVICE_NAMES].sort(),
    );
    expect(services.timescaledb.image).toBe('timescale/timescaledb:2.25.1-pg16');
    expect(services.redis.image).toBe('redis:7.4-alpine');
    expect(services.redis.command?.join(' ')).toMatch(/--maxmemory-policy noeviction .*--appendonly yes/);
  });

  it.each([...SERVICE_NAMES])(
    '%s runs its own source in watch mode from the dev image, on its usual port',
    (name) => {
      const service = services[name];
      expect(service.build).toEqual({ context: '.', dockerfile: 'deploy/docker/Dockerfile', target: 'dev' });
      expect(service.volumes).toEqual(expect.arrayContaining(['.:/app', 'node_modules:/app/node_modules']));
      const entry = `services/${name}/src/main.ts`;
      expect(service.command).toEqual([...WATCH, entry]);
      expect(existsSync(join(REPO_ROOT, entry))).toBe(true);
      expect(service.environment?.PORT).toBe(String(SERVICE_DEFAULT_PORTS[name]));
      expect(service.environment).toMatchObject({
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'pretty',
        AUTH_COOKIE_SECURE: 'false',
        REDIS_ADDR: 'redis:6379',
      });
      expect(service.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
        timescaledb: { condition: 'service_healthy' },
      });
      expect(service.healthcheck?.test?.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      expect(service.healthcheck?.test?.[3]).toContain("'/health/ready'");
      expect(service.deploy).toBeUndefined();
    },
  );

  it('migrates from source once, before the apps, and is not health-checked as a server', () => {
    expect(services.migrate.command).toEqual([
      'node',
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'services/migrate/src/main.ts',
    ]);
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.healthcheck).toEqual({ disable: true });
    expect(services.migrate.depends_on).toEqual({ timescaledb: { condition: 'service_healthy' } });
  });

  it('health-checks every long-running service', () => {
    for (const [name, service] of Object.entries(services).filter(([name]) => name !== 'migrate'))
      expect({ name, hasTest: (service.healthcheck?.test?.length ?? 0) > 0 }).toEqual({
        name,
        hasTest: true,
      });
  });

  it('publishes ports on 127.0.0.1 only, and only for gateway, web, Postgres and Redis', () => {
    const published = Object.entries(services).filter(([, service]) => service.ports);
    expect(published.map(([name]) => name).sort()).toEqual(['gateway', 'redis', 'timescaledb', 'web']);
    for (const [, service] of published)
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    expect(services.gateway.ports).toEqual(['127.0.0.1:${TRACERA_API_PORT:-8080}:8080']);
    expect(services.web.ports).toEqual(['127.0.0.1:${TRACERA_WEB_PORT:-3000}:3000']);
  });

  it('wires the gateway to content over HTTP and keeps uploaded files on a volume', () => {
    expect(services.gateway.environment?.CONTENT_INTERNAL_URL).toBe('http://content:8082');
    expect(services.content.environment?.FILES_DIR).toBe('/data/files');
    expect(services.content.volumes).toContain('files:/data/files');
    expect(Object.keys(compose.volumes).sort()).toEqual([
      'files',
      'node_modules',
      'redis_data',
      'timescaledb_data',
    ]);
  });

  it('runs the Next.js dev server with Turbopack on services/web', () => {
    expect(services.web.command).toEqual([
      'npx',
      'next',
      'dev',
      '--turbopack',
      '--hostname',
      '0.0.0.0',
      '--port',
      '3000',
    ]);
    expect(services.web).toMatchObject({ build: { target: 'dev' } });
    expect((services.web as { working_dir?: string }).working_dir).toBe('/app/services/web');
  });
});
