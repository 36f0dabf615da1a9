import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '@tracera/embedded-servers';
import { waitFor } from './wait-for';

export const REPO_ROOT = resolve(__dirname, '../../..');

export type ServiceName = 'gateway' | 'auth' | 'content' | 'search-cache' | 'messaging' | 'analytics';
export const SERVICE_NAMES: readonly ServiceName[] = [
  'gateway',
  'auth',
  'content',
  'search-cache',
  'messaging',
  'analytics',
];

/** The compiled entry point of a service (`npm test` builds before jest runs). */
export function serviceEntryPoint(service: string): string {
  const entry = join(REPO_ROOT, 'dist', 'services', service, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run npm run build first (npm test does)`);
  return entry;
}

export interface ServiceProcessOptions {
  env?: Record<string, string | undefined>;
  port?: number;
}

/** How to launch: a built service, or a TypeScript test fixture run from source (transpiled on load). */
type Launch = { kind: 'service' } | { kind: 'fixture'; script: string };

function launchArguments(service: string, launch: Launch): string[] {
  if (launch.kind === 'service') return [serviceEntryPoint(service)];
  return ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', launch.script];
}

const FIXTURE_ENV = { TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') };

/** A built service started as a real process, as production runs it. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exitPromise?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';

  private constructor(
    readonly service: string,
    readonly port: number,
    private readonly env: Record<string, string | undefined>,
    private readonly launch: Launch = { kind: 'service' },
  ) {}

  static async start(service: string, options: ServiceProcessOptions = {}): Promise<ServiceProcess> {
    const port = options.port ?? (await freePort());
    const proc = new ServiceProcess(service, port, { PORT: String(port), ...options.env });
    proc.spawn();
    return proc;
  }

  /**
   * Runs a TypeScript fixture (a small app a fault test needs, e.g. an event consumer) as a real process,
   * straight from source. It gets `PORT` like a service; `name` labels it in failures.
   */
  static async startFixture(
    name: string,
    script: string,
    options: ServiceProcessOptions = {},
  ): Promise<ServiceProcess> {
    const port = options.port ?? (await freePort());
    const proc = new ServiceProcess(
      name,
      port,
      { ...FIXTURE_ENV, PORT: String(port), ...options.env },
      { kind: 'fixture', script },
    );
    proc.spawn();
    return proc;
  }

  /** Starts the service and waits until `/health/ready` answers 200. */
  static async startReady(
    service: string,
    options: ServiceProcessOptions = {},
    timeoutMs = 20_000,
  ): Promise<ServiceProcess> {
    const proc = await ServiceProcess.start(service, options);
    await proc.waitReady(timeoutMs);
    return proc;
  }

  private spawn(): void {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    };
    for (const [key, value] of Object.entries(this.env)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const child = spawn(process.execPath, launchArguments(this.service, this.launch), {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exitPromise = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit({ code, signal })),
    );
    this.child = child;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed so far (JSON log lines). */
  get logs(): string {
    return this.output;
  }

  get exited(): boolean {
    return this.child !== undefined && (this.child.exitCode !== null || this.child.signalCode !== null);
  }

  async health(kind: 'live' | 'ready'): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}/health/${kind}`, { signal: AbortSignal.timeout(3000) });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }

  async waitReady(timeoutMs = 20_000): Promise<void> {
    await waitFor(
      async () => {
        if (this.exited) throw new Error(`${this.service} exited during start-up:\n${this.output}`);
        return (await this.health('ready').catch(() => ({ status: 0 }))).status === 200;
      },
      { timeoutMs, description: `${this.service} ready`, diagnostics: () => this.output.slice(-4000) },
    );
  }

  /** Waits until the process has printed a line matching `pattern` (fixtures announce progress this way). */
  async waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      () => {
        if (this.exited && !pattern.test(this.output))
          throw new Error(`${this.service} exited during start-up:\n${this.output}`);
        return pattern.test(this.output);
      },
      {
        timeoutMs,
        description: `${this.service} to log ${pattern}`,
        diagnostics: () => this.output.slice(-4000),
      },
    );
  }

  /** Resolves when the process has exited, with its exit code and signal. */
  async waitForExit(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exitPromise) throw new Error('not started');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.service} did not exit within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM and wait for the graceful exit. */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.exited || !this.child)
      return { code: this.child?.exitCode ?? null, signal: this.child?.signalCode ?? null };
    this.child.kill('SIGTERM');
    try {
      return await this.waitForExit(timeoutMs);
    } catch (error) {
      this.child.kill('SIGKILL');
      throw error;
    }
  }

  async kill9(): Promise<void> {
    if (this.exited || !this.child) return;
    this.child.kill('SIGKILL');
    await this.waitForExit();
  }

  /** Starts the same service again on the same port with the same environment. */
  async restart(): Promise<void> {
    await this.stop();
    this.output = '';
    this.spawn();
    await this.waitReady();
  }
}
