import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SpawnSpec {
  command: string;
  args: string[];
  logFile: string;
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * One child server process (redis-server, postgres) with the fault controls tests need:
 * graceful stop, kill -9, pause (SIGSTOP) and resume.
 */
export class ServerProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(private readonly spec: SpawnSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    mkdirSync(dirname(this.spec.logFile), { recursive: true });
    const log = createWriteStream(this.spec.logFile, { flags: 'a' });
    const child = spawn(this.spec.command, this.spec.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: this.spec.uid,
      gid: this.spec.gid,
      env: this.spec.env ?? process.env,
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.once('error', (error) => log.write(`spawn failed: ${error.message}\n`));
    this.child = child;
  }

  /** Resolves with the exit code once the process has gone. */
  async waitForExit(): Promise<number | null> {
    return this.exited ?? null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
    if (!this.running || !this.child) return;
    this.child.kill('SIGCONT');
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill9(): Promise<void> {
    if (!this.running || !this.child) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; isDead?: () => boolean; logFile?: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (options.isDead?.()) {
      throw new Error(`${what} exited during start-up${options.logFile ? `; see ${options.logFile}` : ''}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} was not ready after ${options.timeoutMs} ms${options.logFile ? `; see ${options.logFile}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}
