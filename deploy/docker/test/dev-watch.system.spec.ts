import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@tracera/embedded-servers';
import { createTestDatabase, REPO_ROOT, sharedInfra, waitFor } from '@tracera/testing';
import { parse } from 'yaml';

interface DevService {
  command: string[];
  environment: Record<string, string>;
  healthcheck: { test: string[] };
}

// The exact commands compose.dev.yml runs, so this test fails when the file stops working.
const devServices = (
  parse(readFileSync(join(REPO_ROOT, 'compose.dev.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, DevService>;
  }
).services;

/** What the dev image sets for ts-node (deploy/docker/Dockerfile, target dev), with the repo at REPO_ROOT. */
const DEV_IMAGE_ENV = { TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') };

/** A compose command run as a local process: `node` is this node, the repository is the working directory. */
function runDevCommand(command: string[], env: Record<string, string>): ChildProcess {
  expect(command[0]).toBe('node');
  return spawn(process.execPath, command.slice(1), {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...DEV_IMAGE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the watcher and the service it restarts are stopped together.
    detached: true,
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** compose.dev.yml's health check of `service`, run here: its exit code. */
async function devHealthcheck(service: string, env: Record<string, string>): Promise<number | null> {
  const [kind, ...command] = devServices[service].healthcheck.test;
  expect(kind).toBe('CMD');
  return exitOf(runDevCommand(command, env));
}

describe('compose.dev.yml commands, run as local processes', () => {
  let databaseUrl: string;
  let watcher: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('dev_watch');
  });

  afterAll(async () => {
    if (watcher?.pid && watcher.exitCode === null) {
      const exited = exitOf(watcher);
      process.kill(-watcher.pid, 'SIGTERM');
      await exited;
    }
  });

  const envOf = (service: string): Record<string, string> => ({
    ...devServices[service].environment,
    REDIS_ADDR: sharedInfra().redisAddress,
    REDIS_KEY_PREFIX: `dw${randomBytes(3).toString('hex')}:`,
    DATABASE_URL: databaseUrl,
  });

  it('migrate brings a fresh database up to date from source and exits 0', async () => {
    const migrate = runDevCommand(devServices.migrate.command, envOf('migrate'));
    let log = '';
    migrate.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    migrate.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const code = await exitOf(migrate);
    expect({ code, log: code === 0 ? '' : log }).toEqual({ code: 0, log: '' });
    expect(log).toContain('migrations complete');
  });

  it('auth in watch mode becomes ready, restarts when a file it loaded changes, and is ready again', async () => {
    const env = { ...envOf('auth'), PORT: String(await freePort()) };
    watcher = runDevCommand(devServices.auth.command, env);
    watcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    watcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const ready = async () => (await devHealthcheck('auth', env)) === 0;
    const diagnostics = () => output.slice(-3000);

    const firstStartMs = await waitFor(ready, {
      timeoutMs: 60_000,
      intervalMs: 250,
      description: 'auth ready',
      diagnostics,
    });
    // Pretty, debug-level logs as configured for development.
    expect(output).toMatch(/DEBUG|INFO/);

    // A lib the service imports through a @tracera/* alias: its change must restart the service too.
    const touched = join(REPO_ROOT, 'libs', 'observability', 'src', 'index.ts');
    const touchedAt = new Date();
    utimesSync(touched, touchedAt, touchedAt);
    // The watcher announces the restart before stopping the old process: wait for the new one to listen.
    const listening = () => output.match(/auth listening on/g)?.length ?? 0;
    expect(listening()).toBe(1);
    await waitFor(() => listening() === 2, { timeoutMs: 60_000, description: 'auth restarted', diagnostics });
    expect(output).toContain('Restarting');
    await waitFor(ready, {
      timeoutMs: 30_000,
      intervalMs: 250,
      description: 'auth ready again',
      diagnostics,
    });
    const restartMs = Date.now() - touchedAt.getTime();
    process.stderr.write(
      `dev watch: ready ${firstStartMs} ms after start, ready again ${restartMs} ms after the edit\n`,
    );
    expect(watcher.exitCode).toBeNull();
  });
});
