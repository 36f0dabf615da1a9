import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTimeOf } from './process-liveness';
import { readState, StackAlreadyRunningError, StateFile, stateFilePath, type StackState } from './state-file';

function stateFor(dataDir: string, pid: number): StackState {
  return {
    version: 1,
    runner: {
      pid,
      startTime: startTimeOf(pid),
      startedAt: new Date().toISOString(),
      phase: 'starting',
      dataDir,
      repoRoot: '/repo',
    },
    processes: [],
    updatedAt: new Date().toISOString(),
  };
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

describe('StateFile', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracera-state-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('claims a free data folder and rewrites the file on every update', async () => {
    const onStale = jest.fn(() => Promise.resolve());
    const file = await StateFile.claim(stateFor(dataDir, process.pid), onStale);
    file.update((state) => {
      state.runner.phase = 'running';
    });

    expect(readState(dataDir)?.runner.phase).toBe('running');
    expect(onStale).not.toHaveBeenCalled();
    file.remove();
    expect(existsSync(stateFilePath(dataDir))).toBe(false);
  });

  it('refuses while the recorded runner is alive', async () => {
    await StateFile.claim(stateFor(dataDir, process.pid), () => Promise.resolve());

    await expect(
      StateFile.claim(stateFor(dataDir, process.pid), () => Promise.resolve()),
    ).rejects.toBeInstanceOf(StackAlreadyRunningError);
  });

  it('hands a file left by a dead runner to onStale, then takes it over', async () => {
    const stalePid = deadPid();
    await StateFile.claim(stateFor(dataDir, stalePid), () => Promise.resolve());
    const seen: number[] = [];

    await StateFile.claim(stateFor(dataDir, process.pid), (stale) => {
      seen.push(stale.runner.pid);
      return Promise.resolve();
    });

    expect(seen).toEqual([stalePid]);
    expect(readState(dataDir)?.runner.pid).toBe(process.pid);
  });

  it('treats a live pid with another start time as a different, recycled process', async () => {
    const recycled = stateFor(dataDir, process.pid);
    recycled.runner.startTime = '1';
    await StateFile.claim(recycled, () => Promise.resolve());
    const onStale = jest.fn(() => Promise.resolve());

    await StateFile.claim(stateFor(dataDir, process.pid), onStale);

    expect(onStale).toHaveBeenCalledTimes(1);
  });
});
