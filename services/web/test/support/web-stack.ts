import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SERVICE_CATALOG } from '../../../../deploy/local/src/service-catalog';
import { freePort } from '../../../../libs/embedded-servers/src/free-port';
import { sharedInfra } from '../../../../libs/testing/src/shared-infra';
import { createTestDatabase } from '../../../../libs/testing/src/test-database';
import { TEST_STACK_ENV } from '../../../../libs/testing/src/test-stack-env';
import { waitFor } from '../../../../libs/testing/src/wait-for';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const RUNNER = join(REPO_ROOT, 'dist', 'deploy', 'local', 'src', 'main.js');
const WEB_BUILD_ID = join(REPO_ROOT, 'services', 'web', '.next', 'BUILD_ID');
const READY_TIMEOUT_MS = 90_000;
/** Each status poll spawns a node process that competes with the booting services for the CPU. */
const STATUS_POLL_MS = 1_000;
const STATUS_TIMEOUT_MS = 10_000;
const SIGTERM_GRACE_MS = 30_000;
/** `runner stop` gives the processes 20 s to end, and is itself killed after 40 s. */
const RUNNER_STOP_GRACE_S = 20;
const RUNNER_STOP_TIMEOUT_MS = 40_000;
/** Longest {@link WebStack.stop} waits for the runner (SIGTERM, then `runner stop` as a safety net). */
export const WEB_STACK_STOP_BUDGET_MS = SIGTERM_GRACE_MS + RUNNER_STOP_TIMEOUT_MS;
/**
 * Longest {@link startWebStack} takes before it reports a failure: the database and ports (allowed 10 s),
 * readiness plus one last status poll, then stopping what did start.
 */
export const WEB_STACK_START_BUDGET_MS =
  10_000 + READY_TIMEOUT_MS + STATUS_POLL_MS + STATUS_TIMEOUT_MS + WEB_STACK_STOP_BUDGET_MS;

/** The slice of `status --json` the harness reads. */
interface RunnerStatus {
  processes: { name: string; service: string; port: number; ready: boolean }[];
}

/** The local system as `npm start` runs it, on free ports, over a fresh empty database. */
export interface WebStack {
  /** The web app as the browser opens it (`localhost`, so its cookies reach the API on the same host). */
  webUrl: string;
  /** The gateway's API base as the browser calls it, e.g. for setting up data without the UI. */
  apiUrl: string;
  /** Milliseconds from spawning the runner until every process answered ready. */
  startMs: number;
  /** The runner's output (every process's log lines, prefixed with its name), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function runRunner(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(process.execPath, [RUNNER, ...args], { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`runner ${args[0]} failed (${error.message}): ${stderr}`));
      else resolveRun(stdout);
    });
  });
}

function assertBuilt(): void {
  const missing = [RUNNER, WEB_BUILD_ID].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`not built: ${missing.join(', ')}. Run \`npm run build\` first (npm test does).`);
  }
}

/**
 * Spawns the real local runner (`node dist/deploy/local/src/main.js start`) against the test run's shared
 * Redis (under a key prefix of its own) and a fresh database, every service and the web app on free ports,
 * and waits until `status --json` reports every process ready.
 */
export async function startWebStack(label: string): Promise<WebStack> {
  assertBuilt();
  const started = Date.now();
  const infra = sharedInfra();
  const dataDir = await mkdtemp(join(infra.scratchDir, `${label}-local-`));
  const databaseUrl = await createTestDatabase(label);
  const ports = new Map<string, number>();
  for (const service of SERVICE_CATALOG) ports.set(service.name, await freePort());
  const gatewayPort = ports.get('gateway');
  const webPort = ports.get('web');
  if (gatewayPort === undefined || webPort === undefined) {
    throw new Error('the local runner has no web service in deploy/local/src/service-catalog.ts');
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Otherwise the runner would take the outer shell's stack settings instead of the ones given here.
  for (const key of Object.keys(env)) {
    if (
      key === 'REDIS_ADDR' ||
      key === 'DATABASE_URL' ||
      key === 'PORT' ||
      key.startsWith('TRACERA_LOCAL_')
    ) {
      delete env[key];
    }
  }
  Object.assign(env, {
    // The shared Redis serves other test files too.
    REDIS_KEY_PREFIX: `web${Date.now().toString(36)}:`,
    ...TEST_STACK_ENV,
    NO_COLOR: '1',
    // The runner stops everything by itself should this jest worker die without calling stop().
    TRACERA_LOCAL_PARENT_PID: String(process.pid),
  });

  let output = '';
  const runner: ChildProcess = spawn(
    process.execPath,
    [
      RUNNER,
      'start',
      '--data-dir',
      dataDir,
      '--redis-addr',
      infra.redisAddress,
      '--database-url',
      databaseUrl,
      '--port',
      [...ports].map(([service, port]) => `${service}=${port}`).join(','),
      '--log-format',
      'json',
      '--log-level',
      'warn',
      '--ready-timeout',
      String(READY_TIMEOUT_MS / 1000),
    ],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  runner.stdout?.on('data', collect);
  runner.stderr?.on('data', collect);
  const exited = new Promise<void>((resolveExit) => runner.once('exit', () => resolveExit()));
  const hasExited = () => runner.exitCode !== null || runner.signalCode !== null;

  const stop = async () => {
    if (!hasExited()) {
      runner.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, SIGTERM_GRACE_MS)))]);
      clearTimeout(timer);
    }
    // Also cleans up whatever a runner that died or hung left running.
    await runRunner(
      ['stop', '--data-dir', dataDir, '--timeout', String(RUNNER_STOP_GRACE_S)],
      env,
      RUNNER_STOP_TIMEOUT_MS,
    ).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      async () => {
        if (hasExited()) throw new Error(`the local runner exited during start-up:\n${output.slice(-6000)}`);
        const status = JSON.parse(
          await runRunner(['status', '--json', '--data-dir', dataDir], env, STATUS_TIMEOUT_MS),
        ) as RunnerStatus;
        const services = new Set(status.processes.map((entry) => entry.service));
        return (
          SERVICE_CATALOG.every((service) => services.has(service.name)) &&
          status.processes.every((p) => p.ready)
        );
      },
      {
        timeoutMs: READY_TIMEOUT_MS,
        intervalMs: STATUS_POLL_MS,
        description: 'every process of the local stack ready',
        diagnostics: () => output.slice(-6000),
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    webUrl: `http://localhost:${webPort}`,
    apiUrl: `http://localhost:${gatewayPort}/api/v1`,
    startMs: Date.now() - started,
    output: () => output,
    stop,
  };
}
