import { type StopOptions } from './cli-arguments';
import { stopLeftoverProcesses } from './leftover-processes';
import { signal, waitUntilGone } from './process-liveness';
import { isRunnerAlive, readState, stateFilePath } from './state-file';
import { rmSync } from 'node:fs';

/** `npm stop`: SIGTERM to the runner, which stops everything in order, then wait until it has exited. */
export async function runStop(options: StopOptions): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const state = readState(options.dataDir);
  if (!state) {
    log(`No Tracera stack is running on ${options.dataDir}.`);
    return 0;
  }
  const pid = state.runner.pid;
  if (!isRunnerAlive(state)) {
    log(`The runner (pid ${pid}) had already exited; cleaning up what it left.`);
    await stopLeftoverProcesses(state, log);
    rmSync(stateFilePath(options.dataDir), { force: true });
    return 0;
  }
  log(`Stopping the Tracera stack (runner pid ${pid})…`);
  const started = Date.now();
  signal(pid, 'SIGTERM');
  if (await waitUntilGone(pid, options.timeoutMs, 200)) {
    log(`Stopped in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  }
  // A second signal is the runner's "force": it kills every process at once.
  log(`Still running after ${options.timeoutMs / 1000} s; forcing.`);
  signal(pid, 'SIGTERM');
  if (await waitUntilGone(pid, 15_000, 200)) return 0;
  process.stderr.write(`The runner (pid ${pid}) did not exit; kill it with: kill -9 ${pid}\n`);
  return 1;
}
