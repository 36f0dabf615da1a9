import { join } from 'node:path';

/** What a service's start command and environment may depend on: where the stack put everything. */
export interface StackContext {
  repoRoot: string;
  redisAddress: string;
  databaseUrl: string;
  /** The port of a service's first replica (e.g. for the web app's server-side calls to the gateway). */
  portOf(service: string): number;
}

export interface Launch {
  command: string;
  args: string[];
  cwd?: string;
  /** A file the build must have produced before this can run (checked up front, for a clear message). */
  builtFile?: string;
}

export interface ServiceLink {
  label: string;
  path: string;
}

/** One long-running process kind the local stack starts, supervises and health-checks. */
export interface ServiceDefinition {
  name: string;
  defaultPort: number;
  /** The command for one replica; the stack adds PORT, REDIS_ADDR, DATABASE_URL and the log settings. */
  launch(stack: StackContext): Launch;
  /** Extra environment, for services that need more than the common variables. */
  environment?(stack: StackContext): Record<string, string>;
  readinessPath: string;
  /** Addresses worth printing once the stack is up, relative to the first replica's origin. */
  links?: ServiceLink[];
}

const node = process.execPath;

/** A NestJS service compiled by `npm run build` into dist/services/<name>/src/main.js. */
function nestService(
  name: string,
  defaultPort: number,
  links?: ServiceLink[],
  environment?: ServiceDefinition['environment'],
): ServiceDefinition {
  return {
    name,
    defaultPort,
    environment,
    launch: (stack) => {
      const entry = join(stack.repoRoot, 'dist', 'services', name, 'src', 'main.js');
      return { command: node, args: [entry], builtFile: entry };
    },
    readinessPath: '/health/ready',
    links,
  };
}

/**
 * Every service of the local stack, in start order. The web app will be one more entry with its own
 * `launch` (e.g. `next start services/web -p $PORT`) and a GATEWAY_URL built from `portOf('gateway')`.
 */
export const SERVICE_CATALOG: readonly ServiceDefinition[] = [
  nestService(
    'gateway',
    8080,
    [
      { label: 'API', path: '/api/v1' },
      { label: 'API docs', path: '/api/docs' },
    ],
    // Uploads and downloads stream through the content service's own port.
    (stack) => ({ CONTENT_INTERNAL_URL: `http://127.0.0.1:${stack.portOf('content')}` }),
  ),
  nestService('auth', 8081),
  nestService('content', 8082),
  nestService('search-cache', 8083),
  nestService('messaging', 8084),
  nestService('analytics', 8085),
];

/** The one-shot step that applies every service's migrations before any service starts. */
export function migrationsLaunch(repoRoot: string): Launch {
  const entry = join(repoRoot, 'dist', 'services', 'migrate', 'src', 'main.js');
  return { command: node, args: [entry], builtFile: entry };
}

export function findService(name: string): ServiceDefinition | undefined {
  return SERVICE_CATALOG.find((service) => service.name === name);
}
