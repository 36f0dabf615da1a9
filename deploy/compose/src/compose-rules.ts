import { type ComposeData, type ComposeFile, type ComposeService, mergedAnchors } from './compose-file';
import { type VariableReference } from './compose-interpolation';

/** Each rule returns what breaks it, one line per problem; an empty list means the rule holds. */
export type Violations = string[];

/** Our services, scaled with `--scale`: no container_name, no ports. */
export const SCALABLE_SERVICES = [
  'gateway',
  'auth',
  'content',
  'search-cache',
  'messaging',
  'analytics',
  'web',
];
/** The services that read the database: they wait for the migrate job. */
export const MIGRATED_SERVICES = ['gateway', 'auth', 'content', 'search-cache', 'messaging', 'analytics'];
export const PROD_VOLUMES = ['timescaledb_data', 'redis_data', 'files'];
export const NETWORK = 'tracera';
/** Where the edge listens inside its container: the public API and the web app. */
export const EDGE_TARGET_PORTS = [8080, 3000];

const services = (data: ComposeData): [string, ComposeService][] => Object.entries(data.services ?? {});

/** Runs once and exits (`restart: 'no'`): the migrate job, backups and the admin tools. */
export function isOneShot(service: ComposeService): boolean {
  return service.restart === 'no';
}

/** One-shots are exempt from health checks, so only the known ones may be one-shots. */
export function onlyKnownOneShots(data: ComposeData): Violations {
  return services(data)
    .filter(([name, service]) => isOneShot(service) && name !== 'migrate')
    .filter(([, service]) => !(service.profiles ?? []).some((p) => p === 'backup' || p === 'tools'))
    .map(([name]) => `${name}: restart 'no' is only for migrate and the backup/tools profiles`);
}

export function healthChecks(data: ComposeData, interval?: string): Violations {
  return services(data)
    .filter(([, service]) => !isOneShot(service))
    .flatMap(([name, service]) => {
      const check = service.healthcheck;
      const test = check?.test;
      if (!check || check.disable === true || !test || (Array.isArray(test) && test.length < 2)) {
        return [`${name}: no health check`];
      }
      if (Array.isArray(test) && test[0] === 'NONE') return [`${name}: health check disabled`];
      if (interval !== undefined && check.interval !== interval) {
        return [`${name}: health check interval ${check.interval ?? '(default 30s)'}, expected ${interval}`];
      }
      if (interval !== undefined && !check.start_period)
        return [`${name}: health check without start_period`];
      return [];
    });
}

/** The tag of an image reference (`undefined` without one); a digest counts as pinned. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@sha256:')) return image.split('@')[1];
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : image.slice(colon + 1);
}

export function pinnedImages(data: ComposeData): Violations {
  return services(data).flatMap(([name, service]) => {
    if (!service.image) return service.build ? [] : [`${name}: no image`];
    const tag = imageTag(service.image);
    if (!tag) return [`${name}: image ${service.image} has no tag`];
    if (tag === 'latest') return [`${name}: image ${service.image} uses :latest`];
    return [];
  });
}

/** Nothing adds a capability back after dropping all: the edge image drops Caddy's file capability too. */
export function hardened(data: ComposeData): Violations {
  return services(data).flatMap(([name, service]) => {
    const problems: string[] = [];
    if (service.read_only !== true) problems.push('not read_only');
    if (!(service.cap_drop ?? []).includes('ALL')) problems.push('does not cap_drop ALL');
    const added = service.cap_add ?? [];
    if (added.length > 0) problems.push(`adds capabilities ${added.join(', ')}`);
    if (!(service.security_opt ?? []).includes('no-new-privileges:true'))
      problems.push('no no-new-privileges');
    const limits = service.deploy?.resources?.limits;
    if (limits?.cpus === undefined || limits.cpus === '') problems.push('no CPU limit');
    if (!limits?.memory) problems.push('no memory limit');
    return problems.map((problem) => `${name}: ${problem}`);
  });
}

/** Users that are root inside a container, by name or id (with or without a group). */
const ROOT_USERS = new Set(['root', '0']);

/**
 * Every long-running service names a non-root `user` in compose, even where the image has a USER: an
 * image rebuilt or swapped without one would otherwise run as root with nobody noticing.
 */
export function nonRootUsers(data: ComposeData): Violations {
  return services(data)
    .filter(([, service]) => !isOneShot(service))
    .flatMap(([name, service]) => {
      const user = service.user === undefined ? '' : String(service.user);
      if (user === '') return [`${name}: no user (runs as the image's user, root unless it says otherwise)`];
      return ROOT_USERS.has(user.split(':')[0]) ? [`${name}: runs as root (user ${user})`] : [];
    });
}

export function rotatedLogs(data: ComposeData): Violations {
  return services(data).flatMap(([name, service]) => {
    const logging = service.logging;
    if (logging?.driver !== 'json-file') return [`${name}: logging driver is not json-file`];
    const options = logging.options ?? {};
    return options['max-size'] && options['max-file']
      ? []
      : [`${name}: json-file logs without max-size/max-file`];
  });
}

export interface PublishedPort {
  hostIp?: string;
  published?: string;
  target: string;
}

/** Short (`[ip:]published:target[/proto]`, `target`) or long port syntax, normalised. */
export function parsePort(
  port: string | number | { target?: string | number; published?: string | number; host_ip?: string },
): PublishedPort {
  if (typeof port === 'object') {
    return {
      hostIp: port.host_ip,
      published: port.published === undefined ? undefined : String(port.published),
      target: String(port.target),
    };
  }
  const withoutProtocol = String(port).replace(/\/(tcp|udp|sctp)$/, '');
  const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(withoutProtocol);
  const [hostIp, rest] = ipv6 ? [ipv6[1], ipv6[2]] : [undefined, withoutProtocol];
  const parts = rest.split(':');
  if (parts.length === 1) return { hostIp, target: parts[0] };
  if (parts.length === 2) return { hostIp, published: parts[0], target: parts[1] };
  return { hostIp: parts[0], published: parts[1], target: parts[2] };
}

/** Production: the edge publishes the API and web ports, nothing else publishes anything. */
export function onlyEdgePublishes(data: ComposeData): Violations {
  return services(data).flatMap(([name, service]) => {
    const ports = (service.ports ?? []).map(parsePort);
    if (name !== 'edge')
      return ports.length ? [`${name}: publishes ${ports.map((p) => p.target).join(', ')}`] : [];
    const targets = ports.map((port) => Number(port.target)).sort((a, b) => a - b);
    const expected = [...EDGE_TARGET_PORTS].sort((a, b) => a - b);
    return JSON.stringify(targets) === JSON.stringify(expected)
      ? []
      : [`edge: publishes ${targets.join(', ') || 'nothing'}, expected ${expected.join(', ')}`];
  });
}

/** Development: whatever is published is bound to 127.0.0.1, never to every interface. */
export function loopbackOnlyPorts(data: ComposeData): Violations {
  return services(data).flatMap(([name, service]) =>
    (service.ports ?? [])
      .map(parsePort)
      .filter((port) => port.hostIp !== '127.0.0.1')
      .map((port) => `${name}: port ${port.target} published on ${port.hostIp ?? 'every interface'}`),
  );
}

export function scalable(data: ComposeData): Violations {
  return SCALABLE_SERVICES.flatMap((name) => {
    const service = data.services?.[name];
    if (!service) return [`${name}: missing`];
    const problems: string[] = [];
    if (service.container_name !== undefined) problems.push(`${name}: has container_name`);
    if ((service.ports ?? []).length > 0) problems.push(`${name}: has ports`);
    return problems;
  });
}

function dependencyCondition(service: ComposeService, dependency: string): string | undefined {
  const dependsOn = service.depends_on;
  if (!dependsOn) return undefined;
  if (Array.isArray(dependsOn)) return dependsOn.includes(dependency) ? 'service_started' : undefined;
  return dependsOn[dependency]?.condition;
}

export function waitForMigrationsAndState(data: ComposeData): Violations {
  const expected: [string, string][] = [
    ['migrate', 'service_completed_successfully'],
    ['timescaledb', 'service_healthy'],
    ['redis', 'service_healthy'],
    ['redis-cache', 'service_healthy'],
  ];
  return MIGRATED_SERVICES.flatMap((name) => {
    const service = data.services?.[name];
    if (!service) return [`${name}: missing`];
    return expected
      .filter(([dependency, condition]) => dependencyCondition(service, dependency) !== condition)
      .map(([dependency, condition]) => `${name}: does not depend on ${dependency} with ${condition}`);
  });
}

export function volumesAndNetwork(data: ComposeData): Violations {
  const problems = PROD_VOLUMES.filter((volume) => !(volume in (data.volumes ?? {}))).map(
    (volume) => `volume ${volume} missing`,
  );
  if (!(NETWORK in (data.networks ?? {}))) problems.push(`network ${NETWORK} missing`);
  for (const [name, service] of services(data)) {
    const networks = Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
    if (!networks.includes(NETWORK)) problems.push(`${name}: not on network ${NETWORK}`);
  }
  return problems;
}

/** Every service we build merges the one hardening anchor (`<<: *app`), so hardening is written once. */
export function sharedAppAnchor(file: ComposeFile, anchor = 'app'): Violations {
  return SCALABLE_SERVICES.filter((name) => !mergedAnchors(file, name).includes(anchor)).map(
    (name) => `${name}: does not merge <<: *${anchor}`,
  );
}

export function variablesDocumented(references: VariableReference[], documented: Set<string>): Violations {
  return [...new Set(references.map((reference) => reference.name))]
    .filter((name) => !documented.has(name))
    .map((name) => `\${${name}} is not in .env.example`);
}

/** A secret has no default: every use of a *_PASSWORD variable stops compose with a message when unset. */
export function secretsRequired(references: VariableReference[]): Violations {
  return references
    .filter((reference) => /PASSWORD$/.test(reference.name) && reference.operator !== ':?')
    .map(
      (reference) =>
        `\${${reference.name}${reference.operator}${reference.argument}} must use :? (required secret)`,
    );
}
