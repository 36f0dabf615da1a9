import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@tracera/embedded-servers';
import { REPO_ROOT, waitFor } from '@tracera/testing';

export const EDGE_CADDYFILE = join(REPO_ROOT, 'deploy', 'edge', 'Caddyfile');

/** The Caddy binary on PATH (Debian's `caddy` package; CI installs it), or a clear failure. */
export function caddyBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v caddy'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('caddy is not on PATH: apt-get install -y caddy');
  }
}

/**
 * deploy/edge/Caddyfile run by a real Caddy as a plain process, with its environment placeholders pointed
 * at local processes instead of compose's DNS names. Config and data go to a throwaway folder.
 */
export class CaddyEdge {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly home: string,
    readonly apiPort: number,
    readonly webPort: number,
    readonly healthPort: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  /**
   * `launch` runs Caddy through a wrapper (e.g. setpriv as the container's user and capabilities): it gets
   * Caddy's argv and returns the command to spawn; `owner` is the uid:gid that must own Caddy's folders.
   */
  static async start(
    env: Record<string, string>,
    options: { binary?: string; launch?: (argv: string[]) => string[]; owner?: number } = {},
  ): Promise<CaddyEdge> {
    const home = await mkdtemp(join(tmpdir(), 'tracera-edge-'));
    if (options.owner !== undefined) {
      await chown(home, options.owner, options.owner);
      await chmod(home, 0o700);
    }
    const [apiPort, webPort, healthPort] = [await freePort(), await freePort(), await freePort()];
    const caddyArgv = [
      options.binary ?? caddyBinary(),
      ...['run', '--config', EDGE_CADDYFILE, '--adapter', 'caddyfile'],
    ];
    const [command, ...args] = options.launch ? options.launch(caddyArgv) : caddyArgv;
    const child = spawn(command, args, {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        TRACERA_EDGE_API_ADDRESS: `:${apiPort}`,
        TRACERA_EDGE_WEB_ADDRESS: `:${webPort}`,
        TRACERA_EDGE_HEALTH_PORT: String(healthPort),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const edge = new CaddyEdge(child, home, apiPort, webPort, healthPort);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`caddy exited during start-up:\n${edge.output}`);
          const response = await fetch(`http://127.0.0.1:${healthPort}/health`).catch(() => undefined);
          return response?.status === 200;
        },
        { timeoutMs: 15_000, description: 'caddy edge healthy', diagnostics: () => edge.output },
      );
    } catch (error) {
      await edge.stop();
      throw error;
    }
    return edge;
  }

  /** The Caddy process (a launcher that execs Caddy keeps its pid). */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  get webUrl(): string {
    return `http://127.0.0.1:${this.webPort}`;
  }

  /** Everything Caddy printed (JSON access and server logs). */
  get logs(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    await rm(this.home, { recursive: true, force: true });
  }
}
