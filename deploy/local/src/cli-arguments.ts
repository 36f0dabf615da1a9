import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICE_CATALOG, findService } from './service-catalog';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface StartOptions {
  command: 'start';
  dataDir: string;
  /** Set when the user named the port: then it must be free. Unset means the default, or any free port. */
  redisPort?: number;
  postgresPort?: number;
  /** First-replica ports the user named, by service. */
  servicePorts: Map<string, number>;
  replicas: Map<string, number>;
  /** An existing Redis (host:port or redis:// URL) instead of an embedded one. */
  redisAddress?: string;
  /** An existing PostgreSQL instead of an embedded one. */
  databaseUrl?: string;
  logFormat: 'json' | 'pretty';
  logLevel?: string;
  readyTimeoutMs: number;
}

export interface StatusOptions {
  command: 'status';
  dataDir: string;
  json: boolean;
}

export interface StopOptions {
  command: 'stop';
  dataDir: string;
  timeoutMs: number;
}

export interface HelpRequest {
  command: 'help';
}

export type CliCommand = StartOptions | StatusOptions | StopOptions | HelpRequest;

export const USAGE = `Usage: npm start|stop|status [-- options]
       (or node dist/deploy/local/src/main.js <start|status|stop> [options])

start   Start Redis, PostgreSQL, the migrations and every service; supervise them until Ctrl-C.
status  Show every process of the running stack and probe its /health/ready.
stop    Ask the running stack to shut down, and wait until it has.

Options (environment equivalents in brackets):
  --data-dir DIR          where data, logs and the state file live [TRACERA_LOCAL_DATA_DIR] (default .local)
start:
  --redis-port N          embedded Redis port [TRACERA_LOCAL_REDIS_PORT] (default 6379, or a free one)
  --postgres-port N       embedded PostgreSQL port [TRACERA_LOCAL_POSTGRES_PORT] (default 5432, or a free one)
  --gateway-port N        gateway port [TRACERA_LOCAL_GATEWAY_PORT] (default 8080, or a free one)
  --port SERVICE=N        any service's port, repeatable or comma-separated [TRACERA_LOCAL_PORTS]
  --replicas SERVICE=N    replicas of a service, repeatable or comma-separated [TRACERA_LOCAL_REPLICAS]
  --redis-addr ADDR       use this Redis instead of starting one [REDIS_ADDR]
  --database-url URL      use this PostgreSQL instead of starting one [DATABASE_URL]
  --log-format FORMAT     pretty or json [LOG_FORMAT] (default pretty)
  --log-level LEVEL       fatal, error, warn, info, debug or trace [LOG_LEVEL]
  --ready-timeout SEC     how long to wait for every /health/ready (default 120)
status:
  --json                  print JSON instead of a table
stop:
  --timeout SEC           how long to wait before forcing (default 60)

Services: ${SERVICE_CATALOG.map((service) => `${service.name} (${service.defaultPort})`).join(', ')}`;

const MAX_REPLICAS = 16;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(raw: string, what: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 65535) {
    throw new UsageError(`${what}: "${raw}" is not a port number (1-65535)`);
  }
  return value;
}

function parsePositiveSeconds(raw: string, what: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${what}: "${raw}" is not a positive number of seconds`);
  }
  return value * 1000;
}

/** `gateway=2,auth=3` (from several flags or one) → service → number, checking names and values. */
export function parseServiceAssignments(
  entries: readonly string[],
  what: string,
  parseValue: (raw: string, label: string) => number,
): Map<string, number> {
  const result = new Map<string, number>();
  for (const entry of entries.flatMap((e) => e.split(','))) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const match = /^([a-z][a-z0-9-]*)=(.+)$/.exec(trimmed);
    if (!match) throw new UsageError(`${what}: "${trimmed}" is not SERVICE=N`);
    const [, service, raw] = match;
    if (!findService(service)) {
      throw new UsageError(
        `${what}: unknown service "${service}" (known: ${SERVICE_CATALOG.map((s) => s.name).join(', ')})`,
      );
    }
    result.set(service, parseValue(raw, `${what} ${service}`));
  }
  return result;
}

function parseReplicaCount(raw: string, what: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > MAX_REPLICAS) {
    throw new UsageError(`${what}: "${raw}" is not a replica count from 1 to ${MAX_REPLICAS}`);
  }
  return value;
}

function defined<T>(...values: (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

export function resolveDataDir(raw: string | undefined, repoRoot: string, cwd: string): string {
  if (raw === undefined || raw === '') return resolve(repoRoot, '.local');
  return isAbsolute(raw) ? raw : resolve(cwd, raw);
}

/** Reads the command line (after the command word) and the environment into one typed request. */
export function parseCliArguments(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  paths: { repoRoot: string; cwd: string },
): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help' };
  }
  let parsed;
  try {
    parsed = parseArgs({
      // `node bootstrap.mjs start -- --json` passes the `--` that npm would have removed.
      args: rest[0] === '--' ? rest.slice(1) : rest,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        'data-dir': { type: 'string' },
        'redis-port': { type: 'string' },
        'postgres-port': { type: 'string' },
        'gateway-port': { type: 'string' },
        port: { type: 'string', multiple: true },
        replicas: { type: 'string', multiple: true },
        'redis-addr': { type: 'string' },
        'database-url': { type: 'string' },
        'log-format': { type: 'string' },
        'log-level': { type: 'string' },
        'ready-timeout': { type: 'string' },
        json: { type: 'boolean' },
        timeout: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  if (values.help) return { command: 'help' };
  const dataDir = resolveDataDir(
    defined(values['data-dir'], env.TRACERA_LOCAL_DATA_DIR),
    paths.repoRoot,
    paths.cwd,
  );

  if (command !== 'start' && command !== 'status' && command !== 'stop') {
    throw new UsageError(`unknown command "${command}" (start, status or stop)`);
  }
  const allowed: Record<typeof command, readonly string[]> = {
    start: [
      'data-dir',
      'redis-port',
      'postgres-port',
      'gateway-port',
      'port',
      'replicas',
      'redis-addr',
      'database-url',
      'log-format',
      'log-level',
      'ready-timeout',
    ],
    status: ['data-dir', 'json'],
    stop: ['data-dir', 'timeout'],
  };
  const misplaced = Object.keys(values).filter((key) => key !== 'help' && !allowed[command].includes(key));
  if (misplaced.length > 0) {
    throw new UsageError(`${misplaced.map((key) => `--${key}`).join(', ')} does not apply to "${command}"`);
  }

  if (command === 'status') return { command, dataDir, json: values.json ?? false };
  if (command === 'stop') {
    return {
      command,
      dataDir,
      timeoutMs: values.timeout ? parsePositiveSeconds(values.timeout, '--timeout') : 60_000,
    };
  }

  const optionalPort = (raw: string | undefined, what: string) => (raw ? parsePort(raw, what) : undefined);
  const servicePorts = parseServiceAssignments(
    [env.TRACERA_LOCAL_PORTS ?? '', ...(values.port ?? [])],
    '--port',
    parsePort,
  );
  const gatewayPort = optionalPort(
    defined(values['gateway-port'], env.TRACERA_LOCAL_GATEWAY_PORT),
    '--gateway-port',
  );
  if (gatewayPort !== undefined) servicePorts.set('gateway', gatewayPort);
  const replicas = parseServiceAssignments(
    [env.TRACERA_LOCAL_REPLICAS ?? '', ...(values.replicas ?? [])],
    '--replicas',
    parseReplicaCount,
  );

  const logFormat = defined(values['log-format'], env.LOG_FORMAT) ?? 'pretty';
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    throw new UsageError(`--log-format: "${logFormat}" is not pretty or json`);
  }
  const logLevel = defined(values['log-level'], env.LOG_LEVEL);
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) {
    throw new UsageError(`--log-level: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const databaseUrl = defined(values['database-url'], env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/./.test(databaseUrl)) {
    throw new UsageError(`--database-url: "${databaseUrl}" is not a postgres:// URL`);
  }

  return {
    command,
    dataDir,
    redisPort: optionalPort(defined(values['redis-port'], env.TRACERA_LOCAL_REDIS_PORT), '--redis-port'),
    postgresPort: optionalPort(
      defined(values['postgres-port'], env.TRACERA_LOCAL_POSTGRES_PORT),
      '--postgres-port',
    ),
    servicePorts,
    replicas,
    redisAddress: defined(values['redis-addr'], env.REDIS_ADDR),
    databaseUrl,
    logFormat,
    logLevel,
    readyTimeoutMs: values['ready-timeout']
      ? parsePositiveSeconds(values['ready-timeout'], '--ready-timeout')
      : 120_000,
  };
}
