import { type ChildProcess, spawn } from 'node:child_process';
import { type ConsoleOutput } from './console-output';
import { RestartBackoff } from './restart-backoff';

export interface SupervisedProcessSpec {
  /** Shown before every line it prints, e.g. `gateway#2`. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface SupervisorEvents {
  /** The pid changed (started, exited, restarted): time to rewrite the state file. */
  onChange(): void;
  /** A replacement process was started after an unexpected exit. */
  onRestarted?(crashedAt: number): void;
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * Runs one process and restarts it with exponential backoff whenever it exits without having been asked
 * to, the way a compose restart policy does, until {@link stop}.
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private restartTimer?: NodeJS.Timeout;
  private stopping = false;
  private readonly backoff = new RestartBackoff();
  private lastStartAt = 0;
  restarts = 0;

  constructor(
    readonly spec: SupervisedProcessSpec,
    private readonly output: ConsoleOutput,
    private readonly events: SupervisorEvents,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get startedAt(): Date | undefined {
    return this.child ? new Date(this.lastStartAt) : undefined;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    this.stopping = false;
    this.spawnChild();
  }

  private spawnChild(): void {
    // Its own process group: a Ctrl-C in the terminal reaches the runner only, which then stops
    // services before Redis and PostgreSQL, and a SIGKILL of the group also takes any grandchildren.
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.lastStartAt = Date.now();
    this.child = child;
    this.output.relay(this.spec.name, child.stdout, 'stdout');
    this.output.relay(this.spec.name, child.stderr, 'stderr');
    this.exited = new Promise((resolve) => {
      let settled = false;
      const settle = (code: number | null, signal: NodeJS.Signals | null) => {
        if (settled) return;
        settled = true;
        this.onExit(child, code, signal);
        resolve();
      };
      child.once('exit', settle);
      child.once('error', (error) => {
        this.output.warn(`${this.spec.name} could not be started: ${error.message}`);
        settle(null, null);
      });
    });
    this.events.onChange();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    // Whatever it started must not outlive it and hold its port.
    if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    this.events.onChange();
    if (this.stopping) return;
    const crashedAt = Date.now();
    const uptime = crashedAt - this.lastStartAt;
    const delay = this.backoff.next(uptime);
    this.output.warn(
      `${this.spec.name} (pid ${child.pid}) exited unexpectedly (${describeExit(code, signal)}) after ` +
        `${formatDuration(uptime)}; restarting in ${formatDuration(delay)} (restart #${this.restarts + 1})`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.restarts++;
      this.spawnChild();
      this.output.info(`${this.spec.name} restarted as pid ${this.child?.pid}`);
      this.events.onRestarted?.(crashedAt);
    }, delay);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Stops the restarts too. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const deadline = setTimeout(() => {
      this.output.warn(`${this.spec.name} did not stop within ${formatDuration(graceMs)}; killing it`);
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(deadline);
  }

  /** Immediate SIGKILL, for a forced shutdown. */
  async kill(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    await this.exited;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
