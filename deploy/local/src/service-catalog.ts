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
 * The Next.js web app: the same standalone server the container runs, from the build `npm run build` leaves
 * in services/web/.next. The browser calls the gateway on the page's own host at the gateway's port; the
 * server side calls it on loopback.
 */
function webApp(defaultPort: number): ServiceDefinition {
  return {
    name: 'web',
    defaultPort,
    launch: (stack) => {
      const entry = join(
        stack.repoRoot,
        'services',
        'web',
        '.next',
        'standalone',
        'services',
        'web',
        'server.js',
      );
      return { command: node, args: [entry], builtFile: entry };
    },
    environment: (stack) => ({
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      // The server binds to HOSTNAME, which login shells set to the machine's name.
      HOSTNAME: '0.0.0.0',
      PUBLIC_API_PORT: String(stack.portOf('gateway')),
      API_INTERNAL_URL: `http://127.0.0.1:${stack.portOf('gateway')}`,
    }),
    readinessPath: '/api/health',
    links: [{ label: 'Web app', path: '/' }],
  };
}

/** The web app's origins as a browser on this machine writes them, for the gateway's CORS and socket checks. */
function webOrigins(stack: StackContext): string {
  const port = stack.portOf('web');
  const configured = process.env.CORS_ORIGINS?.trim();
  return [configured, `http://localhost:${port}`, `http://127.0.0.1:${port}`].filter(Boolean).join(',');
}

/** Every service of the local stack, in start order. */
export const SERVICE_CATALOG: readonly ServiceDefinition[] = [
  nestService(
    'gateway',
    8080,
    [
      { label: 'API', path: '/api/v1' },
      { label: 'API docs', path: '/api/docs' },
    ],
    (stack) => ({
      // Uploads and downloads stream through the content service's own port.
      CONTENT_INTERNAL_URL: `http://127.0.0.1:${stack.portOf('content')}`,
      CORS_ORIGINS: webOrigins(stack),
    }),
  ),
  nestService('auth', 8081),
  nestService('content', 8082),
  nestService('search-cache', 8083),
  nestService('messaging', 8084),
  nestService('analytics', 8085),
  webApp(3000),
];

/** The one-shot step that applies every service's migrations before any service starts. */
export function migrationsLaunch(repoRoot: string): Launch {
  const entry = join(repoRoot, 'dist', 'services', 'migrate', 'src', 'main.js');
  return { command: node, args: [entry], builtFile: entry };
}

export function findService(name: string): ServiceDefinition | undefined {
  return SERVICE_CATALOG.find((service) => service.name === name);
}
