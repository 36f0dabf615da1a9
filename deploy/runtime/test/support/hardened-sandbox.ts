import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '@tracera/embedded-servers';
import { REPO_ROOT, waitFor } from '@tracera/testing';

/** The distroless `nonroot` user every service image runs as. */
export const SANDBOX_UID = 65532;
/** HOME of distroless nonroot; it does not exist here, so nothing can be written under it either. */
export const SANDBOX_HOME = '/home/nonroot';

const WRAPPER = join(__dirname, 'hardened-sandbox.sh');
/** Exit code of the wrapper when it could not build the sandbox (the command never ran). */
export const SANDBOX_SETUP_FAILED = 125;

export interface SandboxOptions {
  /** Where throwaway stage directories are made (any host directory; it never becomes visible inside). */
  scratchDir: string;
  /** Directories that stay writable inside (named volumes in compose); everything else but /tmp is read-only. */
  writableDirs?: readonly string[];
  /** The working directory inside (the image's WORKDIR /app; here the repo root, which holds dist and node_modules). */
  cwd?: string;
  /** The whole environment of the command, as compose would set it (nothing is inherited from the test). */
  env?: Record<string, string>;
}

export interface SandboxExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A command run the way compose.prod.yml runs a container: its own mount namespace with every mount
 * read-only, a fresh tmpfs on /tmp, only `writableDirs` writable, as uid/gid 65532 with no capabilities
 * and no-new-privileges. Needs root and `unshare -m` (it fails loudly, exit 125, when either is missing).
 */
export class SandboxedProcess {
  private output = '';
  private readonly exitPromise: Promise<SandboxExit>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly stageDir: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exitPromise = new Promise<SandboxExit>((resolveExit) => {
      child.once('error', (error) => {
        this.output += `spawn failed: ${error.message}\n`;
        resolveExit({ code: SANDBOX_SETUP_FAILED, signal: null });
      });
      // 'close', not 'exit': by then everything the command printed has been read.
      child.once('close', (code, signal) => resolveExit({ code, signal }));
    }).then(async (exit) => {
      // Only ever a mount point inside the sandbox; on the host it stays empty.
      await rmdir(this.stageDir);
      return exit;
    });
  }

  static async start(
    name: string,
    command: readonly string[],
    options: SandboxOptions,
  ): Promise<SandboxedProcess> {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `the hardened sandbox needs root to unshare and remount (running as uid ${process.getuid?.()})`,
      );
    }
    const stageDir = await mkdtemp(join(options.scratchDir, 'sandbox-stage-'));
    const writable = (options.writableDirs ?? []).flatMap((dir) => ['--writable', dir]);
    const args = [
      '-m',
      '--propagation',
      'private',
      'sh',
      WRAPPER,
      '--stage',
      stageDir,
      '--uid',
      String(SANDBOX_UID),
      '--readable',
      REPO_ROOT,
      '--cwd',
      options.cwd ?? REPO_ROOT,
      ...writable,
      '--',
      ...command,
    ];
    const child = spawn('unshare', args, {
      env: {
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: SANDBOX_HOME,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new SandboxedProcess(name, child, stageDir);
  }

  /** Runs `command` in a sandbox to completion and returns its exit and everything it printed. */
  static async run(
    name: string,
    command: readonly string[],
    options: SandboxOptions,
    timeoutMs = 30_000,
  ): Promise<SandboxExit & { output: string }> {
    const proc = await SandboxedProcess.start(name, command, options);
    const exit = await proc.waitForExit(timeoutMs);
    return { ...exit, output: proc.logs };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Everything printed so far, stdout and stderr interleaved (the wrapper's own failures included). */
  get logs(): string {
    return this.output;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async waitForExit(timeoutMs = 15_000): Promise<SandboxExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`${this.name} did not exit within ${timeoutMs} ms:\n${this.output.slice(-4000)}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM (delivered to the service itself: every step of the wrapper execs) and wait for the exit. */
  async stop(timeoutMs = 15_000): Promise<SandboxExit> {
    if (!this.exited) this.child.kill('SIGTERM');
    return this.waitForExit(timeoutMs);
  }
}

/** A built service (`dist/services/<service>/src/main.js`, the image's CMD) running in the hardened sandbox. */
export class SandboxedService {
  private constructor(
    readonly service: string,
    readonly port: number,
    readonly sandbox: SandboxedProcess,
  ) {}

  static async start(
    service: string,
    env: Record<string, string>,
    options: Omit<SandboxOptions, 'env'>,
  ): Promise<SandboxedService> {
    const port = await freePort();
    const entry = join('dist', 'services', service, 'src', 'main.js');
    const proc = await SandboxedProcess.start(service, [process.execPath, entry], {
      ...options,
      // The image's ENV (deploy/docker/Dockerfile), then what compose sets.
      env: {
        NODE_ENV: 'production',
        NODE_OPTIONS: '--enable-source-maps',
        TRACERA_SERVICE: service,
        LOG_LEVEL: 'info',
        ...env,
        PORT: String(port),
      },
    });
    return new SandboxedService(service, port, proc);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async readiness(): Promise<number> {
    const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
    return response.status;
  }

  async waitReady(timeoutMs = 40_000): Promise<void> {
    await waitFor(
      async () => {
        if (this.sandbox.exited)
          throw new Error(`${this.service} exited during start-up:\n${this.sandbox.logs}`);
        return (await this.readiness().catch(() => 0)) === 200;
      },
      { timeoutMs, description: `${this.service} ready`, diagnostics: () => this.sandbox.logs.slice(-4000) },
    );
  }
}
