import { isSameProcess, signal, waitUntilGone } from './process-liveness';
import { type StackState } from './state-file';

/**
 * Stops what a runner that died (kill -9, power loss of the terminal) left running, so a new stack can
 * take the ports and the data folders: services first, then Redis and PostgreSQL. Only processes whose
 * command line still matches the record are signalled.
 */
export async function stopLeftoverProcesses(state: StackState, log: (line: string) => void): Promise<void> {
  const services = state.processes.filter((p) => isSameProcess(p.pid, p.startTime));
  await terminate(
    services.map((p) => ({ name: p.name, pid: p.pid!, signal: 'SIGTERM' as const })),
    15_000,
    log,
  );
  const servers: { name: string; pid: number; signal: NodeJS.Signals }[] = [];
  if (state.redis?.embedded && isSameProcess(state.redis.pid, state.redis.startTime)) {
    servers.push({ name: 'redis', pid: state.redis.pid, signal: 'SIGTERM' });
  }
  // SIGINT is PostgreSQL's fast shutdown: clients are cut off, the cluster is checkpointed.
  if (state.postgres?.embedded && isSameProcess(state.postgres.pid, state.postgres.startTime)) {
    servers.push({ name: 'postgres', pid: state.postgres.pid, signal: 'SIGINT' });
  }
  await terminate(servers, 20_000, log);
}

async function terminate(
  targets: { name: string; pid: number; signal: NodeJS.Signals }[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<void> {
  if (targets.length === 0) return;
  log(
    `stopping what a previous runner left behind: ${targets.map((t) => `${t.name} (pid ${t.pid})`).join(', ')}`,
  );
  for (const target of targets) signal(target.pid, target.signal);
  await Promise.all(
    targets.map(async (target) => {
      if (await waitUntilGone(target.pid, timeoutMs)) return;
      log(`${target.name} (pid ${target.pid}) did not stop within ${timeoutMs / 1000} s; killing it`);
      signal(target.pid, 'SIGKILL');
      await waitUntilGone(target.pid, 5_000);
    }),
  );
}
