import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** True while a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number | undefined): pid is number {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user (PostgreSQL runs as `postgres` when we are root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** An exited child nobody has reaped yet (an orphan under a PID 1 that does not reap) is gone for us. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * When the process started (clock ticks since boot, from /proc/<pid>/stat), or undefined where /proc is
 * not available (not Linux) or it has gone. Together with the pid it names one process for good.
 */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on; start time is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is alive and still the process we recorded (same start time): a recycled pid that now
 * belongs to something else must never be signalled. Without /proc, liveness is all we can tell.
 */
export function isSameProcess(pid: number | undefined, startTime: string | undefined): pid is number {
  if (!isAlive(pid)) return false;
  if (!startTime) return true;
  const current = startTimeOf(pid);
  return current === undefined ? process.platform !== 'linux' : current === startTime;
}

export function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/** Polls until the process has gone; false when it is still there after `timeoutMs`. */
export async function waitUntilGone(pid: number, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}
