import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createTestDatabase,
  REPO_ROOT,
  ServiceProcess,
  type ServiceName,
  sharedInfra,
  TEST_STACK_ENV,
} from '@tracera/testing';

export type BackendService = Exclude<ServiceName, 'gateway'>;
const BACKEND_SERVICES: readonly BackendService[] = [
  'auth',
  'content',
  'search-cache',
  'messaging',
  'analytics',
];

export interface TraceraStackOptions {
  /** Label of the fresh database. */
  label: string;
  /** How every process reaches Redis (`REDIS_ADDR`, or `REDIS_CLUSTER_NODES`, `REDIS_SENTINELS`…). */
  redisEnv: Record<string, string>;
  /** Extra environment of every process. */
  env?: Record<string, string>;
  /** Gateway replicas (default 2). */
  gatewayReplicas?: number;
}

/** The whole backend as production runs it: the migrate job, then every service as its own built process. */
export interface TraceraStack {
  databaseUrl: string;
  keyPrefix: string;
  /** The environment every process got, for one-shot tools run against the same stack. */
  env: Record<string, string>;
  services: Record<BackendService, ServiceProcess>;
  gateways: ServiceProcess[];
  gatewayUrls: string[];
  /** Milliseconds the migrate job and the start of all services took. */
  timings: { migrateMs: number; startMs: number };
  stop(): Promise<void>;
}

/** Runs the built migrate job against `databaseUrl` and fails with its output unless it exits 0. */
export async function runMigrateJob(databaseUrl: string, env: Record<string, string> = {}): Promise<void> {
  await runOneShot('migrate', 'dist/services/migrate/src/main.js', [], { ...env, DATABASE_URL: databaseUrl });
}

/**
 * Runs a built one-shot tool (`script` relative to the repo, as the compose `tools` profile overrides the
 * image's command) with `env`; resolves to its output, fails with it unless the tool exits 0.
 */
export function runOneShot(
  name: string,
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, script), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, LOG_FORMAT: 'json', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${name} failed (${error.message}):\n${stdout}${stderr}`));
        else resolve(`${stdout}${stderr}`);
      },
    );
  });
}

export async function startTraceraStack(options: TraceraStackOptions): Promise<TraceraStack> {
  const databaseUrl = await createTestDatabase(options.label);
  const keyPrefix = `t${randomBytes(4).toString('hex')}:`;
  const filesDir = await mkdtemp(join(sharedInfra().scratchDir, `${options.label}-files-`));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    FILES_DIR: filesDir,
    ...TEST_STACK_ENV,
    ...options.redisEnv,
    ...options.env,
  };
  const started: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop().catch(() => proc.kill9())));
    await rm(filesDir, { recursive: true, force: true });
  };
  try {
    const migrateStarted = Date.now();
    await runMigrateJob(databaseUrl, env);
    const migrateMs = Date.now() - migrateStarted;

    const servicesStarted = Date.now();
    const services = {} as Record<BackendService, ServiceProcess>;
    await Promise.all(
      BACKEND_SERVICES.map(async (service) => {
        const proc = await ServiceProcess.start(service, { env });
        started.push(proc);
        await proc.waitReady(60_000);
        services[service] = proc;
      }),
    );
    const gatewayEnv = { ...env, CONTENT_INTERNAL_URL: services.content.url };
    const gateways = await Promise.all(
      Array.from({ length: options.gatewayReplicas ?? 2 }, async () => {
        const gateway = await ServiceProcess.start('gateway', { env: gatewayEnv });
        started.push(gateway);
        await gateway.waitReady(60_000);
        return gateway;
      }),
    );
    return {
      databaseUrl,
      keyPrefix,
      env,
      services,
      gateways,
      gatewayUrls: gateways.map((gateway) => gateway.url),
      timings: { migrateMs, startMs: Date.now() - servicesStarted },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
