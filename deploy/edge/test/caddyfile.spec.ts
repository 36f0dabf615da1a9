import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tracera/testing';
import { interpolateData, readComposeFile, requiredVariablesFilled } from '../../compose/src/compose-file';
import { parsePort } from '../../compose/src/compose-rules';

/** `{$NAME:default}` placeholders of the Caddyfile → their defaults ('' when none). */
function placeholderDefaults(caddyfile: string): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const match of caddyfile.matchAll(/\{\$([A-Z0-9_]+)(?::([^}]*))?\}/g))
    defaults.set(match[1], match[2] ?? '');
  return defaults;
}

describe('deploy/edge/Caddyfile agrees with compose.prod.yml', () => {
  const caddyfile = readFileSync(join(REPO_ROOT, 'deploy', 'edge', 'Caddyfile'), 'utf8');
  const defaults = placeholderDefaults(caddyfile);
  const prodFile = readComposeFile(join(REPO_ROOT, 'compose.prod.yml'));
  const edge = interpolateData(prodFile.data, requiredVariablesFilled(prodFile)).services.edge;

  it('defaults to the compose service names and ports as upstreams, through Docker DNS', () => {
    expect(Object.fromEntries([...defaults].filter(([name]) => /_(HOST|PORT|RESOLVER)$/.test(name)))).toEqual(
      {
        TRACERA_GATEWAY_UPSTREAM_HOST: 'gateway',
        TRACERA_GATEWAY_UPSTREAM_PORT: '8080',
        TRACERA_WEB_UPSTREAM_HOST: 'web',
        TRACERA_WEB_UPSTREAM_PORT: '3000',
        TRACERA_EDGE_RESOLVER: 'udp/127.0.0.11:53',
        TRACERA_EDGE_HEALTH_PORT: '8079',
      },
    );
    expect(caddyfile).toMatch(/dynamic a \{\$TRACERA_GATEWAY_UPSTREAM_HOST:gateway\}/);
  });

  it("never reads compose's host-port variables, which mean ports on the host, not upstream ports", () => {
    const hostPortVariables = prodFile.references
      .map((reference) => reference.name)
      .filter((name) => /_PORT$/.test(name));
    expect(hostPortVariables).toEqual(expect.arrayContaining(['TRACERA_API_PORT', 'TRACERA_WEB_PORT']));
    expect([...defaults.keys()].filter((name) => hostPortVariables.includes(name))).toEqual([]);
  });

  it('listens only above 1023, since the edge runs unprivileged without NET_BIND_SERVICE', () => {
    const ports = [...defaults]
      .filter(([name]) => /_ADDRESS$|_HEALTH_PORT$/.test(name))
      .map(([name, value]) => [name, Number(/(\d+)$/.exec(value)?.[1])] as const);
    expect(ports.map(([name]) => name)).toHaveLength(3);
    for (const [name, port] of ports)
      expect({ name, privileged: !(port > 1023) }).toEqual({ name, privileged: false });
  });

  it('listens where the edge container publishes, and the health check asks the loopback health port', () => {
    const environment = edge.environment as Record<string, string>;
    const listening = [environment.TRACERA_EDGE_API_ADDRESS, environment.TRACERA_EDGE_WEB_ADDRESS];
    expect(listening).toEqual([':8080', ':3000']);
    expect(listening).toEqual([
      defaults.get('TRACERA_EDGE_API_ADDRESS'),
      defaults.get('TRACERA_EDGE_WEB_ADDRESS'),
    ]);
    expect((edge.ports ?? []).map((port) => `:${parsePort(port).target}`)).toEqual(listening);
    expect(JSON.stringify(edge.healthcheck?.test)).toContain(
      `127.0.0.1:${defaults.get('TRACERA_EDGE_HEALTH_PORT')}/health`,
    );
  });

  it('runs without the admin API and mounts the Caddyfile the image starts with (and bakes in)', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'deploy', 'edge', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('COPY deploy/edge/Caddyfile /etc/caddy/Caddyfile');
    expect(defaults.get('TRACERA_EDGE_ADMIN')).toBe('off');
    expect(edge.volumes).toContain('./deploy/edge/Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(edge.command).toEqual([
      'caddy',
      'run',
      '--config',
      '/etc/caddy/Caddyfile',
      '--adapter',
      'caddyfile',
    ]);
  });
});
