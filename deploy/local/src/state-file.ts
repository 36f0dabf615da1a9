import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSameProcess } from './process-liveness';

export type StackPhase = 'starting' | 'migrating' | 'running' | 'stopping';

export interface ProcessRecord {
  /** `gateway#2`, or just `auth` when a service runs one replica. */
  name: string;
  service: string;
  replica: number;
  pid?: number;
  port: number;
  restarts: number;
  startedAt?: string;
  /** With the pid, proves a pid is still this process and not a recycled one (see startTimeOf). */
  startTime?: string;
}

export interface ServerRecord {
  embedded: boolean;
  /** `host:port` for Redis, the DATABASE_URL for PostgreSQL. */
  address: string;
  port?: number;
  pid?: number;
  startTime?: string;
  dataDir?: string;
  logFile?: string;
}

export interface StackState {
  version: 1;
  runner: {
    pid: number;
    startTime?: string;
    startedAt: string;
    phase: StackPhase;
    dataDir: string;
    repoRoot: string;
  };
  redis?: ServerRecord;
  postgres?: ServerRecord;
  processes: ProcessRecord[];
  updatedAt: string;
}

export function stateFilePath(dataDir: string): string {
  return join(dataDir, 'run', 'state.json');
}

/** The recorded state, or undefined when there is none (or it is unreadable, which only a crash leaves). */
export function readState(dataDir: string): StackState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(stateFilePath(dataDir), 'utf8')) as StackState;
    return parsed.version === 1 && typeof parsed.runner?.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isRunnerAlive(state: StackState): boolean {
  return isSameProcess(state.runner.pid, state.runner.startTime);
}

export class StackAlreadyRunningError extends Error {
  constructor(readonly state: StackState) {
    super(
      `a Tracera stack is already running on ${state.runner.dataDir} (runner pid ${state.runner.pid}, ` +
        `started ${state.runner.startedAt}).\n` +
        'Stop it with `npm stop` (or Ctrl-C where it runs), or start another one with --data-dir DIR.',
    );
    this.name = 'StackAlreadyRunningError';
  }
}

/** Owns the state file of a running stack: claimed once at start, rewritten atomically on every change. */
export class StateFile {
  private constructor(
    private readonly path: string,
    private current: StackState,
  ) {}

  get state(): StackState {
    return this.current;
  }

  /**
   * Creates the state file, refusing while another live runner owns it. A file left by a runner that died
   * is handed to `onStale` (to clean up what it left running) and then replaced.
   */
  static async claim(initial: StackState, onStale: (stale: StackState) => Promise<void>): Promise<StateFile> {
    const path = stateFilePath(initial.runner.dataDir);
    mkdirSync(dirname(path), { recursive: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // 'wx' fails when the file exists, so two runners starting at once cannot both claim it.
        writeFileSync(path, `${JSON.stringify(initial, null, 2)}\n`, { flag: 'wx' });
        return new StateFile(path, initial);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const existing = readState(initial.runner.dataDir);
      if (existing && isRunnerAlive(existing)) throw new StackAlreadyRunningError(existing);
      if (existing) await onStale(existing);
      rmSync(path, { force: true });
    }
    throw new Error(`could not claim ${path}`);
  }

  update(change: (state: StackState) => void): void {
    change(this.current);
    this.current.updatedAt = new Date().toISOString();
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.current, null, 2)}\n`);
    renameSync(temporary, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
