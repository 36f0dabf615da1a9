import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@tracera/embedded-servers';
import { REPO_ROOT, SERVICE_NAMES, waitFor } from '@tracera/testing';

/**
 * `npm start` as a user runs it: the built runner starts its own Redis and PostgreSQL, the migrations and
 * every service (two gateway replicas), restarts what crashes, and stops everything on SIGTERM.
 */

const RUNNER = join(REPO_ROOT, 'dist', 'deploy', 'local', 'src', 'main.js');

interface ProcessStatus {
  name: string;
  service: string;
  replica: number;
  pid: number | null;
  port: number;
  ready: boolean;
  restarts: number;
}

interface ServerStatus {
  embedded: boolean;
  address: string;
  port: number | null;
  pid: number | null;
  reachable: boolean;
}

interface StackStatus {
  runner: { pid: number; phase: string; dataDir: string };
  processes: ProcessStatus[];
  redis: ServerStatus | null;
  postgres: ServerStatus | null;
}

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runRunner(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [RUNNER, ...args], { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What `npm start` runs: every service and the web app. */
const STACK_PROCESSES = [...SERVICE_NAMES, 'web'];

describe('local runner (npm start / status / stop)', () => {
  const ports: Record<string, number> = {};
  let redisPort: number;
  let postgresPort: number;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let runner: ChildProcess;
  let runnerExit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let output = '';

  const diagnostics = () => output.slice(-6000);

  async function status(): Promise<StackStatus> {
    const result = await runRunner(['status', '--json', '--data-dir', dataDir], env);
    if (result.code !== 0) throw new Error(`status exited with ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as StackStatus;
  }

  function byName(state: StackStatus, name: string): ProcessStatus {
    const found = state.processes.find((p) => p.name === name);
    if (!found) throw new Error(`${name} is not in the status: ${JSON.stringify(state.processes)}`);
    return found;
  }

  beforeAll(async () => {
    if (!existsSync(RUNNER))
      throw new Error(`${RUNNER} does not exist: run npm run build first (npm test does)`);
    dataDir = mkdtempSync(join(tmpdir(), 'tracera-local-runner-'));
    redisPort = await freePort();
    postgresPort = await freePort();
    for (const service of STACK_PROCESSES) ports[service] = await freePort();

    env = { ...process.env };
    // Otherwise the runner would use an outside Redis/PostgreSQL instead of starting its own.
    for (const key of Object.keys(env)) {
      if (key === 'REDIS_ADDR' || key === 'DATABASE_URL' || key.startsWith('TRACERA_LOCAL_')) delete env[key];
    }

    const started = Date.now();
    runner = spawn(
      process.execPath,
      [
        RUNNER,
        'start',
        '--data-dir',
        dataDir,
        '--redis-port',
        String(redisPort),
        '--postgres-port',
        String(postgresPort),
        '--port',
        STACK_PROCESSES.map((service) => `${service}=${ports[service]}`).join(','),
        '--replicas',
        'gateway=2',
        '--log-format',
        'json',
        '--log-level',
        'warn',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-200_000);
    };
    runner.stdout?.on('data', collect);
    runner.stderr?.on('data', collect);
    runnerExit = new Promise((resolve) => runner.once('exit', (code, signal) => resolve({ code, signal })));

    await waitFor(
      async () => {
        if (runner.exitCode !== null || runner.signalCode !== null) {
          throw new Error(`the runner exited during start-up:\n${diagnostics()}`);
        }
        const state = await status();
        return state.processes.length === STACK_PROCESSES.length + 1 && state.processes.every((p) => p.ready);
      },
      {
        timeoutMs: 150_000,
        intervalMs: 500,
        description: 'every process of the local stack ready',
        diagnostics,
      },
    );
    console.log(
      `local runner: every process ready ${((Date.now() - started) / 1000).toFixed(1)} s after start`,
    );
  }, 180_000);

  afterAll(async () => {
    // Whatever a failed test left running: `stop` also cleans up after a runner that died.
    if (dataDir) {
      if (runner && runner.exitCode === null && runner.signalCode === null) {
        await runRunner(['stop', '--data-dir', dataDir, '--timeout', '30'], env, 60_000);
      }
      await runRunner(['stop', '--data-dir', dataDir], env, 60_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('lists every service plus the second gateway replica, all ready, and its own Redis and PostgreSQL', async () => {
    const state = await status();

    expect(state.runner.pid).toBe(runner.pid);
    expect(state.runner.phase).toBe('running');
    expect(state.processes.map((p) => p.name).sort()).toEqual(
      [...STACK_PROCESSES.filter((s) => s !== 'gateway'), 'gateway#1', 'gateway#2'].sort(),
    );
    for (const process of state.processes) {
      expect({ name: process.name, ready: process.ready, alive: isAlive(process.pid ?? -1) }).toEqual({
        name: process.name,
        ready: true,
        alive: true,
      });
    }
    expect(byName(state, 'auth').port).toBe(ports.auth);
    expect(state.redis).toMatchObject({ embedded: true, port: redisPort, reachable: true });
    expect(state.postgres).toMatchObject({ embedded: true, port: postgresPort, reachable: true });
    expect(isAlive(state.redis!.pid!)).toBe(true);
    expect(isAlive(state.postgres!.pid!)).toBe(true);
  });

  it('runs each gateway replica on its own port, both answering /health/ready with 200', async () => {
    const state = await status();
    const first = byName(state, 'gateway#1');
    const second = byName(state, 'gateway#2');

    expect(first.port).toBe(ports.gateway);
    expect(second.port).not.toBe(first.port);
    for (const replica of [first, second]) {
      const response = await fetch(`http://127.0.0.1:${replica.port}/health/ready`);
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
  });

  it('serves the web app, whose origin the gateway lets browsers call it from (CORS with credentials)', async () => {
    const web = byName(await status(), 'web');
    expect(web.port).toBe(ports.web);
    const page = await fetch(`http://127.0.0.1:${web.port}/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const origin = `http://localhost:${web.port}`;
    const preflight = await fetch(`http://127.0.0.1:${ports.gateway}/api/v1/auth/me`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    await preflight.body?.cancel();
  });

  it('refuses to start a second stack on the same data folder while one runs', async () => {
    const second = await runRunner(
      ['start', '--data-dir', dataDir, '--redis-port', String(await freePort())],
      env,
    );

    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already running');
    expect((await status()).runner.pid).toBe(runner.pid);
  });

  it('restarts a service killed with kill -9, ready again within 15 s', async () => {
    const before = byName(await status(), 'content');
    const killedAt = Date.now();
    process.kill(before.pid!, 'SIGKILL');

    await waitFor(
      async () => {
        const after = byName(await status(), 'content');
        return after.pid !== null && after.pid !== before.pid && after.ready;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'content restarted and ready', diagnostics },
    );
    console.log(
      `local runner: content ready again ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9`,
    );

    const after = byName(await status(), 'content');
    expect(after.restarts).toBe(before.restarts + 1);
    expect(isAlive(before.pid!)).toBe(false);
  });

  it('stops every process on SIGTERM and exits 0', async () => {
    const state = await status();
    const pids = [...state.processes.map((p) => p.pid!), state.redis!.pid!, state.postgres!.pid!];
    expect(pids.every(isAlive)).toBe(true);

    runner.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      runnerExit,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the runner did not exit:\n${diagnostics()}`)), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));

    expect(exit).toEqual({ code: 0, signal: null });
    expect(pids.filter(isAlive)).toEqual([]);
    const after = await runRunner(['status', '--json', '--data-dir', dataDir], env);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('No Tracera stack is running');
  }, 90_000);
});
